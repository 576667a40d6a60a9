package org.knlab.attribution;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.knlab.nn.GradientTap;
import org.knlab.nn.Hooks;
import org.knlab.nn.LanguageModel;
import org.knlab.nn.NeuronIntervention;
import org.knlab.nn.TokenBatch;

/**
 * Integrated gradients the plain way, as the reference implementations run it: per layer, one
 * forward pass to read the activation, then a full forward (from the embeddings) of the m scaled
 * copies with layer l's activation at [MASK] overwritten, and the gradient of P(gold) there.
 * Uses only the public hook API, not the fast engine's code path.
 */
public final class ReferenceIntegratedGradients {

    private ReferenceIntegratedGradients() {}

    public static float[][] scores(LanguageModel model, int[] ids, int mask, int gold, int m) {
        int layers = model.config().numLayers();
        int width = model.config().intermediateSize();
        float[][] scores = new float[layers][width];
        for (int l = 0; l < layers; l++) {
            float[] a;
            try (NDManager scope = model.newScope()) {
                a = model.runWithCache(scope, TokenBatch.of(ids), List.of(model.neuronHook(l)))
                        .cache()
                        .get(model.neuronHook(l))
                        .get(new NDIndex("0, {}", mask))
                        .toFloatArray();
            }
            int[][] rows = new int[m][];
            NeuronIntervention scaled = new NeuronIntervention();
            for (int k = 0; k < m; k++) {
                rows[k] = ids;
                for (int i = 0; i < width; i++) {
                    scaled.set(k, mask, i, a[i] * k / m);
                }
            }
            try (NDManager scope = model.newScope();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                GradientTap tap = new GradientTap();
                NDArray hidden = model.encode(
                        scope,
                        new TokenBatch(rows),
                        Hooks.none().add(model.neuronHook(l), scaled).add(model.neuronHook(l), tap));
                int[] rowIdx = new int[m];
                int[] masks = new int[m];
                for (int k = 0; k < m; k++) {
                    rowIdx[k] = k;
                    masks[k] = mask;
                }
                NDArray p = model.logits(hidden, rowIdx, masks).softmax(-1).get(new NDIndex(":, {}", gold));
                gc.backward(p.sum());
                float[] g = tap.gradient()
                        .get(new NDIndex(":, {}", mask))
                        .sum(new int[] {0})
                        .toFloatArray();
                for (int i = 0; i < width; i++) {
                    scores[l][i] = a[i] / m * g[i];
                }
            }
        }
        return scores;
    }
}
