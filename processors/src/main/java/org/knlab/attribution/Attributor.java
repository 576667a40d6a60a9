package org.knlab.attribution;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.knlab.experiments.ProgressListener;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.nn.GradientTap;
import org.knlab.nn.Hooks;
import org.knlab.nn.LanguageModel;
import org.knlab.nn.MaskRows;

/** Scores every FFN neuron at [MASK] for a list of prompts with any {@link AttributionMethod}. */
public final class Attributor {

    private final LanguageModel model;

    public Attributor(LanguageModel model) {
        this.model = model;
    }

    public List<AttributionResult> attribute(
            List<String> prompts, int goldId, AttributionOptions options, ProgressListener progress) {
        return switch (options.method()) {
            case IG ->
                new IntegratedGradients(model, options.quadrature(), options.steps(), options.maxRows())
                        .attribute(prompts, goldId, progress);
            case RANDOM -> random(prompts.size(), options.seed(), progress);
            default -> cleanPoint(prompts, goldId, options.method(), progress);
        };
    }

    /**
     * Each prompt's activations and gradients ∂P(gold)/∂a of every FFN neuron at [MASK]
     * ({@code [prompt][layer][neuron]}), and P(gold): one forward and (unless {@code withGradients}
     * is false) one backward pass for all layers.
     */
    public record CleanPoint(float[][][] activations, float[][][] gradients, float[] gold) {}

    public CleanPoint cleanPoint(List<String> prompts, int goldId, boolean withGradients) {
        ClozeBatch batch = ClozeBatch.of(model.tokenizer(), prompts);
        int layers = model.config().numLayers();
        int n = batch.size();
        int width = model.config().intermediateSize();
        float[][][] act = new float[n][layers][];
        float[][][] grad = withGradients ? new float[n][layers][] : null;
        float[] gold;
        try (NDManager scope = model.newScope();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            GradientTap[] taps = new GradientTap[layers];
            Hooks hooks = Hooks.none();
            for (int l = 0; l < layers; l++) {
                hooks.add(model.neuronHook(l), taps[l] = new GradientTap());
            }
            NDArray hidden = model.encode(scope, batch.tokens(), hooks);
            NDArray p = model.logits(hidden, batch.rows(), batch.maskPositions())
                    .softmax(-1)
                    .get(new NDIndex(":, {}", goldId));
            gold = p.toFloatArray();
            if (withGradients) {
                gc.backward(p.sum());
            }
            for (int l = 0; l < layers; l++) {
                float[][] a = MaskRows.split(
                        MaskRows.at(taps[l].value(), batch.maskPositions()).toFloatArray(), n, width);
                float[][] g = withGradients
                        ? MaskRows.split(
                                MaskRows.at(taps[l].gradient(), batch.maskPositions())
                                        .toFloatArray(),
                                n,
                                width)
                        : null;
                for (int i = 0; i < n; i++) {
                    act[i][l] = a[i];
                    if (withGradients) {
                        grad[i][l] = g[i];
                    }
                }
            }
        }
        return new CleanPoint(act, grad, gold);
    }

    /** Activation, gradient and gradient × activation all come from one forward and one backward pass. */
    private List<AttributionResult> cleanPoint(
            List<String> prompts, int goldId, AttributionMethod method, ProgressListener progress) {
        CleanPoint point = cleanPoint(prompts, goldId, method != AttributionMethod.ACTIVATION);
        int n = point.gold().length;
        List<AttributionResult> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[][] scores = new float[point.activations()[i].length][];
            for (int l = 0; l < scores.length; l++) {
                scores[l] = switch (method) {
                    case ACTIVATION -> point.activations()[i][l];
                    case GRADIENT -> point.gradients()[i][l];
                    default -> times(point.activations()[i][l], point.gradients()[i][l]);
                };
            }
            out.add(new AttributionResult(scores, null, point.gold()[i]));
            progress.progress(i + 1, n);
        }
        return out;
    }

    private List<AttributionResult> random(int prompts, long seed, ProgressListener progress) {
        Random rnd = new Random(seed);
        List<AttributionResult> out = new ArrayList<>();
        for (int i = 0; i < prompts; i++) {
            float[][] s = new float[model.config().numLayers()][model.config().intermediateSize()];
            for (float[] layer : s) {
                for (int j = 0; j < layer.length; j++) {
                    layer[j] = rnd.nextFloat();
                }
            }
            out.add(new AttributionResult(s, null, Double.NaN));
            progress.progress(i + 1, prompts);
        }
        return out;
    }

    private static float[] times(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * b[i];
        }
        return out;
    }
}
