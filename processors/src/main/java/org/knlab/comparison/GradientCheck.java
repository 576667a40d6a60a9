package org.knlab.comparison;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.knlab.attribution.Attributor;
import org.knlab.attribution.Neuron;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.intervention.Intervention;
import org.knlab.intervention.InterventionRunner;
import org.knlab.intervention.PromptOutcome;
import org.knlab.nn.LanguageModel;

/**
 * The critic's second claim, tested: "amplifying knowledge neurons is what you'd expect if they just
 * had a big gradient". For suppress (Δa = −a) and amplify (Δa = (factor − 1)·a), the measured mean
 * change of P(gold) against the first-order prediction Σᵢ ∂P/∂aᵢ · Δaᵢ from one gradient at the
 * clean point, for the knowledge neurons and for a gradient-matched set. If the prediction explains
 * the measurement for both, amplification is what any neuron with that gradient would do.
 */
public final class GradientCheck {

    public static final String KNOWLEDGE_NEURONS = "knowledge-neurons";
    public static final String GRADIENT_MATCHED = "gradient-matched";
    public static final List<String> INTERVENTIONS = List.of("suppress", "amplify");

    /** A fact's mean ΔP over its evaluation prompts: measured, and predicted by the gradient. */
    public record Point(double measured, double predicted) {}

    /** One set × intervention over facts: mean measured and predicted ΔP, their ratio and Pearson r across facts. */
    public record Row(
            String set,
            String intervention,
            int facts,
            double measured,
            double predicted,
            double measuredOverPredicted,
            double pearson) {}

    private GradientCheck() {}

    /** "set/intervention" → the fact's point. */
    public static Map<String, Point> of(
            LanguageModel model,
            InterventionRunner runner,
            List<String> prompts,
            int gold,
            List<Neuron> knowledgeNeurons,
            List<Neuron> gradientMatched,
            float factor) {
        Attributor.CleanPoint point = new Attributor(model).cleanPoint(prompts, gold, true);
        int[] golds = new int[prompts.size()];
        Arrays.fill(golds, gold);
        List<List<List<PromptOutcome>>> measured = runner.run(
                ClozeBatch.of(model.tokenizer(), prompts),
                golds,
                List.of(Intervention.suppress(), Intervention.amplify(factor)),
                List.of(knowledgeNeurons, gradientMatched));
        float[] change = {-1f, factor - 1f}; // Δa / a of suppress and amplify
        Map<String, Point> out = new LinkedHashMap<>();
        List<List<Neuron>> sets = List.of(knowledgeNeurons, gradientMatched);
        List<String> names = List.of(KNOWLEDGE_NEURONS, GRADIENT_MATCHED);
        for (int iv = 0; iv < INTERVENTIONS.size(); iv++) {
            for (int s = 0; s < sets.size(); s++) {
                double predicted = 0;
                for (int p = 0; p < prompts.size(); p++) {
                    for (Neuron n : sets.get(s)) {
                        predicted += point.gradients()[p][n.layer()][n.index()]
                                * change[iv]
                                * point.activations()[p][n.layer()][n.index()];
                    }
                }
                double delta = measured.get(iv).get(s).stream()
                        .mapToDouble(o -> o.after() - o.before())
                        .average()
                        .orElseThrow();
                out.put(names.get(s) + "/" + INTERVENTIONS.get(iv), new Point(delta, predicted / prompts.size()));
            }
        }
        return out;
    }

    /** The rows over facts, from each fact's points. */
    public static List<Row> rows(List<Map<String, Point>> facts) {
        List<Row> out = new ArrayList<>();
        for (String iv : INTERVENTIONS) {
            for (String set : List.of(KNOWLEDGE_NEURONS, GRADIENT_MATCHED)) {
                List<Point> points =
                        facts.stream().map(f -> f.get(set + "/" + iv)).toList();
                double[] m = points.stream().mapToDouble(Point::measured).toArray();
                double[] p = points.stream().mapToDouble(Point::predicted).toArray();
                double meanM = Arrays.stream(m).average().orElse(Double.NaN);
                double meanP = Arrays.stream(p).average().orElse(Double.NaN);
                double r = points.size() >= 3 ? new PearsonsCorrelation().correlation(m, p) : Double.NaN;
                out.add(new Row(set, iv, points.size(), meanM, meanP, meanM / meanP, r));
            }
        }
        return out;
    }
}
