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
import java.util.List;
import org.knlab.errors.InvalidParameterException;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.nn.ActivationCache;
import org.knlab.nn.BertModel;
import org.knlab.nn.MaskRows;
import org.knlab.nn.HookPoint;
import org.knlab.nn.Hooks;
import org.knlab.experiments.ProgressListener;

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
 *   <li>the MLM head runs only at the mask positions.</li>
 * </ul>
 */
public final class IntegratedGradients {

    private final BertModel model;
    private final Quadrature quadrature;
    private final int steps;
    private final int maxRows;

    /**
     * @param maxRows the most sequences in one batched pass (memory bound); prompts are chunked to fit
     */
    public IntegratedGradients(BertModel model, Quadrature quadrature, int steps, int maxRows) {
        if (steps <= 0) {
            throw new InvalidParameterException("steps", "steps must be positive, got " + steps);
        }
        this.model = model;
        this.quadrature = quadrature;
        this.steps = steps;
        this.maxRows = Math.max(maxRows, steps + 1);
    }

    public List<AttributionResult> attribute(List<String> prompts, int goldId, ProgressListener progress) {
        ClozeBatch all = ClozeBatch.of(model.tokenizer(), prompts);
        int perPrompt = steps + (quadrature.includesZero() ? 0 : 1);
        int chunk = Math.max(1, maxRows / perPrompt);
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
            List<AttributionResult> results = attributeChunk(all.select(part), goldId);
            for (int k = 0; k < part.size(); k++) {
                out[part.get(k)] = results.get(k);
            }
            done += part.size();
            progress.progress(done, all.size());
        }
        return List.of(out);
    }

    private List<AttributionResult> attributeChunk(ClozeBatch batch, int goldId) {
        int layers = model.config().numLayers();
        int n = batch.size();
        double[] alphas = quadrature.points(steps);
        double[] weights = quadrature.weights(steps);
        int per = steps + (quadrature.includesZero() ? 0 : 1); // GL: one extra α = 0 row for P(gold | 0)
        float[][][] scores = new float[n][layers][];
        double[][] gaps = new double[n][layers];
        double[] clean;
        try (NDManager scope = model.newScope()) {
            List<String> names = new ArrayList<>();
            for (int l = 0; l < layers; l++) {
                names.addAll(List.of(HookPoint.ln1Normalized(l), HookPoint.mlpPost(l),
                        HookPoint.normalizedResidPost(l)));
            }
            BertModel.CachedRun run = model.runWithCache(scope, batch.tokens(), names);
            ActivationCache cache = run.cache();
            clean = goldProbabilities(run.encoding(), batch.rows(), batch.maskPositions(), goldId);
            NDArray bias = model.attentionBias(scope, batch.tokens());
            for (int l = 0; l < layers; l++) {
                try (NDManager layerScope = scope.newSubManager()) {
                    LayerPass pass = runLayer(layerScope, l, batch, cache.get(HookPoint.ln1Normalized(l)),
                            cache.get(HookPoint.mlpPost(l)), cache.get(HookPoint.normalizedResidPost(l)), bias, goldId,
                            alphas, per);
                    for (int i = 0; i < n; i++) {
                        float[] a = pass.activations[i];
                        float[] s = new float[a.length];
                        double sum = 0;
                        for (int k = 0; k < steps; k++) {
                            float[] g = pass.gradients[i * per + k];
                            for (int j = 0; j < a.length; j++) {
                                s[j] += (float) (weights[k] * g[j]);
                            }
                        }
                        for (int j = 0; j < a.length; j++) {
                            s[j] *= a[j];
                            sum += s[j];
                        }
                        int zeroRow = quadrature.includesZero() ? i * per : i * per + steps;
                        scores[i][l] = s;
                        gaps[i][l] = sum - (clean[i] - pass.probabilities[zeroRow]);
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

    private record LayerPass(float[][] activations, float[][] gradients, float[] probabilities) {}

    /**
     * One batched forward/backward of every (prompt, α) row, restarting at layer l's FFN output.
     * {@code ffnIn}, {@code post} and {@code clean} are the clean pass's {@code ln1.hook_normalized},
     * {@code mlp.hook_post} and {@code hook_normalized_resid_post} of block l.
     */
    private LayerPass runLayer(NDManager scope, int l, ClozeBatch batch, NDArray ffnIn, NDArray post, NDArray clean,
            NDArray bias, int goldId, double[] alphas, int per) {
        int n = batch.size();
        int rows = n * per;
        int width = (int) post.getShape().get(2);
        NDArray atMask = MaskRows.at(post, batch.maskPositions()); // [n, F]
        float[][] activations = MaskRows.split(atMask.toFloatArray(), n, width);
        float[] alphaRows = new float[rows];
        int[] rowIdx = new int[rows];
        int[] maskRows = new int[rows];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < per; k++) {
                int r = i * per + k;
                alphaRows[r] = k < alphas.length ? (float) alphas[k] : 0f;
                rowIdx[r] = r;
                maskRows[r] = batch.maskPositions()[i];
            }
        }
        NDArray ffnInAtMask = MaskRows.at(ffnIn, batch.maskPositions()).repeat(0, per); // [rows, H]
        ffnInAtMask.attach(scope);
        NDArray cleanRows = clean.repeat(0, per); // block l's clean output, [rows, T, H]
        cleanRows.attach(scope);
        NDArray biasRows = null;
        if (bias != null) {
            biasRows = bias.repeat(0, per);
            biasRows.attach(scope);
        }
        NDArray scaled = atMask.repeat(0, per);
        scaled.attach(scope);
        NDArray leaf = scaled.mul(scope.create(alphaRows, new Shape(rows, 1))).stopGradient();
        float[] probabilities;
        float[] gradients;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            leaf.setRequiresGradient(true);
            NDArray x = model.continueFromMask(l, ffnInAtMask, leaf, cleanRows, biasRows, maskRows, Hooks.none());
            NDArray p = model.mlmLogits(x, rowIdx, maskRows).softmax(-1).get(new NDIndex(":, {}", goldId));
            gc.backward(p.sum());
            probabilities = p.toFloatArray();
            gradients = leaf.getGradient().toFloatArray();
        }
        return new LayerPass(activations, MaskRows.split(gradients, rows, width), probabilities);
    }

    private double[] goldProbabilities(NDArray hidden, int[] rows, int[] masks, int goldId) {
        float[] p = model.mlmLogits(hidden, rows, masks).softmax(-1).get(new NDIndex(":, {}", goldId)).toFloatArray();
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i];
        }
        return out;
    }

}
