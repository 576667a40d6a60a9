package org.knlab.attribution;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.knlab.errors.InvalidParameterException;
import org.knlab.experiments.ProgressListener;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.nn.ActivationCache;
import org.knlab.nn.Hooks;
import org.knlab.nn.LanguageModel;
import org.knlab.nn.MaskRows;

/**
 * Integrated gradients on the FFN neurons at [MASK], layer by layer, as Dai et al. define it
 * (baseline 0; gradient of the softmax probability of the gold token; only layer l's activation
 * at the mask position is scaled) — computed without wasted work:
 * <ul>
 *   <li>one clean forward pass caches, for every layer, the FFN's input ({@code ln1.hook_normalized}),
 *       its activations and the block's output ({@code hook_normalized_resid_post}), so the scaled
 *       copies restart at layer l instead of the embeddings; at layer l only the mask position
 *       differs from the clean pass, so only its FFN output is computed, the other positions are
 *       the cached clean values;</li>
 *   <li>all steps of all prompts of a chunk go through one batched forward/backward per layer;</li>
 *   <li>the last block and the MLM head run only at the mask positions ({@link LanguageModel#readout});</li>
 *   <li>P(gold | a_l = 0), needed only for the completeness gap, comes from a pass without gradient
 *       (with one Gauss–Legendre node it was half the rows of the backward pass).</li>
 * </ul>
 * The scaled coordinates are the activations themselves or, through {@link LayerCoordinates}, e.g.
 * a factor basis's coefficients (integrated gradients in factor coordinates).
 */
public final class IntegratedGradients {

    private final LanguageModel model;
    private final Quadrature quadrature;
    private final int steps;
    private final int maxRows;

    /**
     * @param maxRows the most sequences in one batched pass (memory bound); prompts are chunked to fit
     */
    public IntegratedGradients(LanguageModel model, Quadrature quadrature, int steps, int maxRows) {
        if (steps <= 0) {
            throw new InvalidParameterException("steps", "steps must be positive, got " + steps);
        }
        this.model = model;
        this.quadrature = quadrature;
        this.steps = steps;
        this.maxRows = Math.max(maxRows, steps);
    }

    /** Every neuron of every layer (the authors' attribution). */
    public List<AttributionResult> attribute(List<String> prompts, int goldId, ProgressListener progress) {
        Map<Integer, LayerCoordinates> layers = new TreeMap<>();
        for (int l = 0; l < model.config().numLayers(); l++) {
            layers.put(l, LayerCoordinates.NEURONS);
        }
        return attribute(prompts, goldId, layers, progress);
    }

    /**
     * The given layers in the given coordinates (e.g. factor coefficients); the other layers' scores
     * are empty and their completeness gaps NaN.
     */
    public List<AttributionResult> attribute(
            List<String> prompts, int goldId, Map<Integer, LayerCoordinates> layers, ProgressListener progress) {
        ClozeBatch all = ClozeBatch.of(model.tokenizer(), prompts);
        int chunk = Math.max(1, maxRows / steps);
        // Chunks of prompts of similar length, so little of a batched pass is spent on padding.
        int[][] ids = all.tokens().rows();
        Integer[] order = new Integer[prompts.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> ids[i].length));
        AttributionResult[] out = new AttributionResult[prompts.size()];
        int done = 0;
        for (int start = 0; start < order.length; start += chunk) {
            List<Integer> part = List.of(order).subList(start, Math.min(order.length, start + chunk));
            List<AttributionResult> results = attributeChunk(all.select(part), goldId, layers);
            for (int k = 0; k < part.size(); k++) {
                out[part.get(k)] = results.get(k);
            }
            done += part.size();
            progress.progress(done, all.size());
        }
        return List.of(out);
    }

    private List<AttributionResult> attributeChunk(
            ClozeBatch batch, int goldId, Map<Integer, LayerCoordinates> coordinates) {
        int layers = model.config().numLayers();
        int n = batch.size();
        double[] alphas = quadrature.points(steps);
        double[] weights = quadrature.weights(steps);
        float[][][] scores = new float[n][layers][0];
        double[][] gaps = new double[n][layers];
        for (double[] g : gaps) {
            Arrays.fill(g, Double.NaN);
        }
        double[] clean;
        try (NDManager scope = model.newScope()) {
            List<String> names = new ArrayList<>();
            for (int l = 0; l < layers; l++) {
                names.addAll(List.of(model.ffnResidualHook(l), model.neuronHook(l), model.blockOutputHook(l)));
            }
            LanguageModel.CachedRun run = model.runWithCache(scope, batch.tokens(), names);
            ActivationCache cache = run.cache();
            clean = goldProbabilities(run.encoding(), batch.rows(), batch.maskPositions(), goldId);
            NDArray bias = model.attentionBias(scope, batch.tokens());
            for (Map.Entry<Integer, LayerCoordinates> layer : coordinates.entrySet()) {
                int l = layer.getKey();
                try (NDManager layerScope = scope.newSubManager()) {
                    LayerRestart restart = new LayerRestart(
                            l,
                            layer.getValue(),
                            batch,
                            cache.get(model.ffnResidualHook(l)),
                            cache.get(model.neuronHook(l)),
                            cache,
                            bias,
                            goldId);
                    RowPass path = restart.run(layerScope, alphas, true);
                    // P(gold | a_l = 0) for the completeness gap: a left Riemann sum has it as its first
                    // point; otherwise one pass without gradient (a third of a row with one).
                    float[] atZero = quadrature.includesZero()
                            ? null
                            : restart.run(layerScope, new double[] {0}, false).probabilities();
                    for (int i = 0; i < n; i++) {
                        float[] a = restart.point[i];
                        float[] s = new float[a.length];
                        double sum = 0;
                        for (int k = 0; k < steps; k++) {
                            float[] g = path.gradients()[i * steps + k];
                            for (int j = 0; j < a.length; j++) {
                                s[j] += (float) (weights[k] * g[j]);
                            }
                        }
                        for (int j = 0; j < a.length; j++) {
                            s[j] *= a[j];
                            sum += s[j];
                        }
                        double zero = atZero == null ? path.probabilities()[i * steps] : atZero[i];
                        scores[i][l] = s;
                        gaps[i][l] = sum - (clean[i] - zero);
                    }
                }
            }
        }
        List<AttributionResult> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new AttributionResult(scores[i], gaps[i], clean[i]));
        }
        return out;
    }

    /** P(gold) of every (prompt, α) row — row i·|α| + k has α_k — and, when asked, its gradient there. */
    private record RowPass(float[] probabilities, float[][] gradients) {}

    /**
     * The prompts restarted at layer l's FFN output with the mask's coordinates scaled by α.
     * {@code ffnIn} and {@code post} are the clean pass's FFN residual ({@code ln1.hook_normalized} in BERT)
     * and {@code mlp.hook_post} of block l; {@code clean} holds every block's cached output.
     */
    private final class LayerRestart {
        private final int layer;
        private final LayerCoordinates coordinates;
        private final ClozeBatch batch;
        private final NDArray ffnInAtMask; // [n, H]
        private final NDArray atMask; // [n, F]
        private final NDArray pointAtMask; // [n, d]
        private final float[][] point;
        private final ActivationCache clean;
        private final NDArray bias;
        private final int goldId;

        LayerRestart(
                int layer,
                LayerCoordinates coordinates,
                ClozeBatch batch,
                NDArray ffnIn,
                NDArray post,
                ActivationCache clean,
                NDArray bias,
                int goldId) {
            this.layer = layer;
            this.coordinates = coordinates;
            this.batch = batch;
            this.ffnInAtMask = MaskRows.at(ffnIn, batch.maskPositions());
            this.atMask = MaskRows.at(post, batch.maskPositions());
            this.pointAtMask = coordinates.point(atMask);
            this.point = MaskRows.split(pointAtMask.toFloatArray(), batch.size(), (int)
                    pointAtMask.getShape().get(1));
            this.clean = clean;
            this.bias = bias;
            this.goldId = goldId;
        }

        /** One batched forward (and backward, with {@code gradient}) of every (prompt, α) row. */
        RowPass run(NDManager scope, double[] alphas, boolean gradient) {
            int n = batch.size();
            int per = alphas.length;
            int rows = n * per;
            float[] alphaRows = new float[rows];
            int[] maskRows = new int[rows];
            for (int r = 0; r < rows; r++) {
                alphaRows[r] = (float) alphas[r % per];
                maskRows[r] = batch.maskPositions()[r / per];
            }
            NDArray ffnInRows = inScope(scope, ffnInAtMask.repeat(0, per)); // [rows, H]
            NDArray cleanRows = rowsOf(scope, layer, per); // block l's clean output, [rows, T, H]
            Map<Integer, NDArray> later = new HashMap<>(); // later blocks' (a decoder's restart reads them)
            IntFunction<NDArray> cleanOutputs =
                    j -> j == layer ? cleanRows : later.computeIfAbsent(j, k -> rowsOf(scope, k, per));
            NDArray biasRows = bias == null ? null : inScope(scope, bias.repeat(0, per));
            NDArray leaf = inScope(scope, pointAtMask.repeat(0, per))
                    .mul(scope.create(alphaRows, new Shape(rows, 1)))
                    .stopGradient();
            if (!gradient) {
                return new RowPass(
                        goldProbability(leaf, per, ffnInRows, cleanOutputs, biasRows, maskRows)
                                .toFloatArray(),
                        null);
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                leaf.setRequiresGradient(true);
                NDArray p = goldProbability(leaf, per, ffnInRows, cleanOutputs, biasRows, maskRows);
                gc.backward(p.sum());
                int width = (int) pointAtMask.getShape().get(1);
                return new RowPass(
                        p.toFloatArray(), MaskRows.split(leaf.getGradient().toFloatArray(), rows, width));
            }
        }

        /** Block j's clean output, each prompt's row repeated {@code per} times. */
        private NDArray rowsOf(NDManager scope, int j, int per) {
            return inScope(scope, clean.get(model.blockOutputHook(j)).repeat(0, per));
        }

        private NDArray goldProbability(
                NDArray leaf,
                int per,
                NDArray ffnInRows,
                IntFunction<NDArray> cleanOutputs,
                NDArray biasRows,
                int[] maskRows) {
            NDArray post = coordinates.activations(leaf, pointAtMask, atMask, per);
            NDArray hidden =
                    model.continueFromMask(layer, ffnInRows, post, cleanOutputs, biasRows, maskRows, Hooks.none());
            return model.logits(hidden).softmax(-1).get(new NDIndex(":, {}", goldId));
        }
    }

    private static NDArray inScope(NDManager scope, NDArray a) {
        a.attach(scope);
        return a;
    }

    private double[] goldProbabilities(NDArray hidden, int[] rows, int[] masks, int goldId) {
        float[] p = model.logits(hidden, rows, masks)
                .softmax(-1)
                .get(new NDIndex(":, {}", goldId))
                .toFloatArray();
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i];
        }
        return out;
    }
}
