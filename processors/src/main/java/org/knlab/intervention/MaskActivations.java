package org.knlab.intervention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.stream.IntStream;
import org.knlab.attribution.Neuron;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.nn.ActivationCache;
import org.knlab.nn.LanguageModel;
import org.knlab.nn.MaskRows;

/** Post-GELU FFN activations at [MASK] of every layer, for a list of prompts: {@code [prompt][layer][neuron]}. */
public record MaskActivations(float[][][] values) {

    /** Prompts per forward pass: every layer's activations of a chunk are alive at once. */
    private static final int CHUNK = 32;

    public static MaskActivations of(LanguageModel model, List<String> prompts) {
        int layers = model.config().numLayers();
        float[][][] values = new float[prompts.size()][][];
        chunks(
                model,
                prompts,
                IntStream.range(0, layers).boxed().toList(),
                (first, chunk) -> System.arraycopy(chunk, 0, values, first, chunk.length));
        return new MaskActivations(values);
    }

    /** What {@link #chunks} hands over: prompts {@code first …} with their [prompt][layer][neuron] values. */
    @FunctionalInterface
    public interface Chunk {
        void accept(int first, float[][][] values);
    }

    /**
     * The activations at [MASK] of {@code layers} (in that order), a chunk of prompts at a time: what
     * a consumer writes away need never be held for all prompts at once.
     */
    public static void chunks(LanguageModel model, List<String> prompts, List<Integer> layers, Chunk consumer) {
        ClozeBatch all = ClozeBatch.of(model.tokenizer(), prompts);
        int width = model.config().intermediateSize();
        List<String> names = layers.stream().map(model::neuronHook).toList();
        for (int first = 0; first < all.size(); first += CHUNK) {
            int end = Math.min(all.size(), first + CHUNK);
            ClozeBatch batch = all.select(IntStream.range(first, end).boxed().toList());
            float[][][] values = new float[batch.size()][layers.size()][];
            try (NDManager scope = model.newScope()) {
                ActivationCache cache =
                        model.runWithCache(scope, batch.tokens(), names).cache();
                for (int l = 0; l < layers.size(); l++) {
                    NDArray atMask = MaskRows.at(cache.get(names.get(l)), batch.maskPositions());
                    float[][] rows = MaskRows.split(atMask.toFloatArray(), batch.size(), width);
                    for (int p = 0; p < batch.size(); p++) {
                        values[p][l] = rows[p];
                    }
                }
            }
            consumer.accept(first, values);
        }
    }

    /** Each neuron's mean over the prompts: the values of mean ablation. */
    public ReplacementValues mean() {
        float[][] mean = meanByNeuron();
        return (Neuron n, int prompt) -> mean[n.layer()][n.index()];
    }

    /** Each neuron's mean over the prompts, [layer][neuron]. */
    public float[][] meanByNeuron() {
        return meanByNeuron(IntStream.range(0, values.length).toArray());
    }

    /** Each neuron's mean over the given prompts, [layer][neuron]. */
    public float[][] meanByNeuron(int[] prompts) {
        int layers = values[0].length;
        int width = values[0][0].length;
        float[][] mean = new float[layers][width];
        for (int p : prompts) {
            for (int l = 0; l < layers; l++) {
                for (int i = 0; i < width; i++) {
                    mean[l][i] += values[p][l][i] / prompts.length;
                }
            }
        }
        return mean;
    }

    /** Resampling: evaluated prompt p takes the activation of donor prompt p mod (donor prompts). */
    public ReplacementValues resample() {
        return (Neuron n, int prompt) -> values[prompt % values.length][n.layer()][n.index()];
    }
}
