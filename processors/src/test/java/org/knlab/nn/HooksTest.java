package org.knlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.testing.ReferenceBert;
import org.knlab.testing.TinyBert;
import org.knlab.testing.TinyModels;

/** Hook points, neuron interventions, reversible weight patches and gradients, on a tiny BERT. */
class HooksTest {

    private static final String TEXT = "baku is the capital of [MASK] .";

    @TempDir
    Path store;

    @Test
    void zeroingOneNeuronChangesTheOutput() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(1), store)) {
            int[] ids = TinyModels.ids(model, TEXT);
            int mask = TinyModels.maskPosition(model, TEXT);
            float[] clean = TinyModels.logits(model, TokenBatch.of(ids), new int[] {mask}, Hooks.none());
            Hooks zero = Hooks.none().add(HookPoint.mlpPost(0), new NeuronIntervention().set(0, mask, 5, 0f));
            float[] ablated = TinyModels.logits(model, TokenBatch.of(ids), new int[] {mask}, zero);
            assertFalse(Arrays.equals(clean, ablated));
        }
    }

    @Test
    void scalingByOneIsBitIdentical() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(2), store)) {
            int[] ids = TinyModels.ids(model, TEXT);
            int mask = TinyModels.maskPosition(model, TEXT);
            float[] clean = TinyModels.logits(model, TokenBatch.of(ids), new int[] {mask}, Hooks.none());
            NeuronIntervention identity = new NeuronIntervention();
            for (int n = 0; n < TinyBert.INTERMEDIATE; n++) {
                identity.scale(0, mask, n, 1f);
            }
            float[] scaled = TinyModels.logits(
                    model, TokenBatch.of(ids), new int[] {mask}, Hooks.none().add(HookPoint.mlpPost(1), identity));
            assertArrayEquals(clean, scaled);
        }
    }

    @Test
    void undoingAWeightPatchRestoresTheExactWeights() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(3), store);
                NDManager scope = model.newScope()) {
            int[] ids = TinyModels.ids(model, TEXT);
            int mask = TinyModels.maskPosition(model, TEXT);
            float[] clean = TinyModels.logits(model, TokenBatch.of(ids), new int[] {mask}, Hooks.none());
            float[] before = model.valueVector(scope, 1, 4).toFloatArray();
            NDArray zeros = scope.zeros(new ai.djl.ndarray.types.Shape(TinyBert.HIDDEN));
            try (WeightPatch patch = model.patchValueVectors(1, new int[] {4, 9}, new NDArray[] {zeros, zeros})) {
                assertArrayEquals(
                        new float[TinyBert.HIDDEN],
                        model.valueVector(scope, 1, 4).toFloatArray());
                float[] patched = TinyModels.logits(model, TokenBatch.of(ids), new int[] {mask}, Hooks.none());
                assertFalse(Arrays.equals(clean, patched));
            }
            assertArrayEquals(before, model.valueVector(scope, 1, 4).toFloatArray());
            assertArrayEquals(clean, TinyModels.logits(model, TokenBatch.of(ids), new int[] {mask}, Hooks.none()));
        }
    }

    @Test
    void perRowInterventionsInOneBatchEqualSeparateRuns() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(4), store)) {
            int[] ids = TinyModels.ids(model, TEXT);
            int m = TinyModels.maskPosition(model, TEXT);
            NeuronIntervention batched =
                    new NeuronIntervention().set(1, m, 3, 0f).scale(2, m, 7, 2f).add(2, 1, 0, 0.5f);
            float[] together = TinyModels.logits(
                    model,
                    TokenBatch.of(ids, ids, ids),
                    new int[] {m, m, m},
                    Hooks.none().add(HookPoint.mlpPost(0), batched));
            float[][] separate = {
                TinyModels.logits(model, TokenBatch.of(ids), new int[] {m}, Hooks.none()),
                TinyModels.logits(
                        model,
                        TokenBatch.of(ids),
                        new int[] {m},
                        Hooks.none().add(HookPoint.mlpPost(0), new NeuronIntervention().set(0, m, 3, 0f))),
                TinyModels.logits(
                        model,
                        TokenBatch.of(ids),
                        new int[] {m},
                        Hooks.none()
                                .add(
                                        HookPoint.mlpPost(0),
                                        new NeuronIntervention()
                                                .scale(0, m, 7, 2f)
                                                .add(0, 1, 0, 0.5f)))
            };
            int v = separate[0].length;
            for (int row = 0; row < 3; row++) {
                for (int i = 0; i < v; i++) {
                    assertEquals(separate[row][i], together[row * v + i], 1e-5, "row " + row + " logit " + i);
                }
            }
            assertFalse(Arrays.equals(separate[0], separate[1]));
        }
    }

    @Test
    void readoutAtTheMasksEqualsTheFullPassWithAndWithoutRestrictableHooks() throws IOException {
        String shorter = "the capital of [MASK] .";
        try (BertModel model = TinyModels.load(new TinyBert(9), store);
                NDManager scope = model.newScope()) {
            int last = TinyBert.LAYERS - 1;
            TokenBatch batch = TokenBatch.of(TinyModels.ids(model, TEXT), TinyModels.ids(model, shorter));
            int[] masks = {TinyModels.maskPosition(model, TEXT), TinyModels.maskPosition(model, shorter)};
            ActivationCapture seen = new ActivationCapture();
            ActivationHook restrictableCapture = new ActivationHook() {
                @Override
                public NDArray apply(NDArray activation) {
                    return seen.apply(activation);
                }

                @Override
                public java.util.Optional<ActivationHook> atPositions(int[] positions) {
                    return java.util.Optional.of(this);
                }
            };
            Hooks edits = Hooks.none()
                    .add(
                            HookPoint.mlpPost(0),
                            new NeuronIntervention().set(0, masks[0], 3, 0f).set(1, 0, 4, 2f))
                    .add(
                            HookPoint.mlpPost(last),
                            new NeuronIntervention()
                                    .scale(0, masks[0], 5, 3f)
                                    .set(1, masks[1], 6, 0f)
                                    .set(1, 0, 7, 9f)) // position 0 is not read: dropped
                    .add(HookPoint.mlpPost(last), restrictableCapture);
            Hooks unrestrictable = Hooks.none().add(HookPoint.mlpOut(last), a -> a.mul(1.5f));
            for (Hooks hooks : java.util.List.of(Hooks.none(), edits, unrestrictable)) {
                float[] full = TinyModels.logits(model, batch, masks, hooks);
                NDArray x = model.embed(model.tokenIds(scope, batch), hooks);
                float[] readout = model.logits(model.readout(x, model.attentionBias(scope, batch), 0, masks, hooks))
                        .toFloatArray();
                assertEquals(full.length, readout.length);
                for (int i = 0; i < full.length; i++) {
                    assertEquals(full[i], readout[i], 1e-5, "logit " + i);
                }
            }
            assertEquals(
                    new ai.djl.ndarray.types.Shape(2, 1, TinyBert.INTERMEDIATE),
                    seen.value().getShape(),
                    "the last block of a readout runs at the read positions only");
        }
    }

    @Test
    void gradientAtHookPostEqualsFiniteDifferences() throws IOException {
        TinyBert tiny = new TinyBert(5);
        try (BertModel model = TinyModels.load(tiny, store)) {
            int[] ids = TinyModels.ids(model, TEXT);
            int mask = TinyModels.maskPosition(model, TEXT);
            int gold = model.tokenizer().singleTokenId("azerbaijan", "gold");
            int layer = 0;
            float[] grad;
            try (NDManager scope = model.newScope();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                GradientTap tap = new GradientTap();
                NDArray hidden =
                        model.encode(scope, TokenBatch.of(ids), Hooks.none().add(HookPoint.mlpPost(layer), tap));
                NDArray p = model.logits(hidden, new int[] {0}, new int[] {mask})
                        .softmax(-1)
                        .get(0, gold);
                gc.backward(p);
                grad = tap.gradient().get(0, mask).toFloatArray();
            }
            ReferenceBert ref = new ReferenceBert(tiny);
            double h = 1e-4;
            double maxGrad = 0;
            for (float g : grad) {
                maxGrad = Math.max(maxGrad, Math.abs(g));
            }
            assertTrue(maxGrad > 1e-4, "gradient should not vanish, max " + maxGrad);
            for (int n = 0; n < TinyBert.INTERMEDIATE; n++) {
                double up = ReferenceBert.softmax(ref.logits(ids, mask, layer, mask, n, h))[gold];
                double down = ReferenceBert.softmax(ref.logits(ids, mask, layer, mask, n, -h))[gold];
                double fd = (up - down) / (2 * h);
                assertEquals(fd, grad[n], 1e-3 * maxGrad + 1e-6, "neuron " + n);
            }
        }
    }

    @Test
    void captureSeesEveryHookPointWithItsShape() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(8), store);
                NDManager scope = model.newScope()) {
            int[] ids = TinyModels.ids(model, TEXT);
            ActivationCapture post = new ActivationCapture();
            ActivationCapture resid = new ActivationCapture();
            ActivationCapture set = new ActivationCapture();
            int mask = TinyModels.maskPosition(model, TEXT);
            Hooks hooks = Hooks.none()
                    .add(HookPoint.mlpPost(1), new NeuronIntervention().set(0, mask, 2, 3.5f))
                    .add(HookPoint.mlpPost(1), set)
                    .add(HookPoint.normalizedResidPost(0), resid)
                    .add(HookPoint.mlpPost(0), post);
            NDArray hidden = model.encode(scope, TokenBatch.of(ids), hooks);
            assertEquals(
                    new ai.djl.ndarray.types.Shape(1, ids.length, TinyBert.INTERMEDIATE),
                    post.value().getShape());
            assertEquals(
                    new ai.djl.ndarray.types.Shape(1, ids.length, TinyBert.HIDDEN),
                    resid.value().getShape());
            assertEquals(3.5f, set.value().getFloat(0, mask, 2), "hooks on one point run in the order added");
            assertEquals(hidden.getShape(), resid.value().getShape());
        }
    }

    @Test
    void unknownHookPointsAndOutOfRangeEditsAreRejected() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> Hooks.none().add("blocks.0.mlp.hook_typo", a -> a));
        try (BertModel model = TinyModels.load(new TinyBert(6), store)) {
            int[] ids = TinyModels.ids(model, TEXT);
            Hooks bad = Hooks.none().add(HookPoint.mlpPost(0), new NeuronIntervention().set(0, 0, 10_000, 0f));
            assertThrows(
                    IndexOutOfBoundsException.class,
                    () -> TinyModels.logits(model, TokenBatch.of(ids), new int[] {1}, bad));
        }
    }
}
