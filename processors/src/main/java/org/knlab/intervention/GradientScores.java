package org.knlab.intervention;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knlab.attribution.AttributionMethod;
import org.knlab.attribution.AttributionOptions;
import org.knlab.attribution.AttributionResult;
import org.knlab.attribution.Attributor;
import org.knlab.attribution.Quadrature;
import org.knlab.experiments.ProgressListener;
import org.knlab.nn.LanguageModel;

/** |∂P(target)/∂a| at [MASK] for every FFN neuron, averaged over prompts: the scores of the gradient-matched controls. */
public final class GradientScores {

    private GradientScores() {}

    /** [layer][neuron]; prompt i's target is {@code targets[i]}. */
    public static float[][] meanAbsolute(LanguageModel model, List<String> prompts, int[] targets, long seed) {
        AttributionOptions gradient = new AttributionOptions(
                AttributionMethod.GRADIENT, Quadrature.LEFT_RIEMANN, 1, seed, AttributionOptions.DEFAULT_MAX_ROWS);
        Map<Integer, List<String>> byTarget = new LinkedHashMap<>();
        for (int i = 0; i < prompts.size(); i++) {
            byTarget.computeIfAbsent(targets[i], t -> new ArrayList<>()).add(prompts.get(i));
        }
        float[][] mean = new float[model.config().numLayers()][model.config().intermediateSize()];
        Attributor attributor = new Attributor(model);
        byTarget.forEach((target, group) -> {
            for (AttributionResult r : attributor.attribute(group, target, gradient, ProgressListener.NONE)) {
                for (int l = 0; l < mean.length; l++) {
                    for (int i = 0; i < mean[l].length; i++) {
                        mean[l][i] += Math.abs(r.scores()[l][i]) / prompts.size();
                    }
                }
            }
        });
        return mean;
    }
}
