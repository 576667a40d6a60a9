package org.knlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.testing.ReferenceBert;
import org.knlab.testing.TinyBert;
import org.knlab.testing.TinyModels;

/** Every hook point holds TransformerLens' tensor, and {@link BertModel#runWithCache} returns it. */
class HookPointsTest {

    private static final String TEXT = "the capital of france is [MASK] .";
    private static final List<String> ALL = HookPoint.all(TinyBert.LAYERS);

    @TempDir
    Path store;

    @Test
    void everyHookPointMatchesThePlainJavaReference() throws IOException {
        TinyBert tiny = new TinyBert(7);
        try (BertModel model = TinyModels.load(tiny, store);
                NDManager scope = model.newScope()) {
            int[] ids = TinyModels.ids(model, TEXT);
            ActivationCache cache =
                    model.runWithCache(scope, TokenBatch.of(ids), ALL).cache();
            Map<String, double[][]> expected = new ReferenceBert(tiny).activations(ids);
            assertEquals(Set.copyOf(ALL), expected.keySet(), "the reference names every hook point");
            for (String name : ALL) {
                double[][] ref = expected.get(name);
                NDArray actual = cache.get(name);
                assertEquals(new Shape(1, ids.length, ref[0].length), actual.getShape(), name);
                float[] got = actual.toFloatArray();
                for (int t = 0; t < ref.length; t++) {
                    for (int d = 0; d < ref[t].length; d++) {
                        assertEquals(ref[t][d], got[t * ref[t].length + d], 1e-4, name + " [0, " + t + ", " + d + "]");
                    }
                }
            }
        }
    }

    /**
     * The tensors the engines read under the old names are still there, bit for bit: the old
     * post-LayerNorm {@code hook_resid_mid} is {@code ln1.hook_normalized} = LN1(resid_pre + attn_out),
     * the old {@code hook_resid_post} is {@code hook_normalized_resid_post}, the old {@code hook_embed}
     * is {@code hook_full_embed}; and the restart helper reproduces the block output.
     */
    @Test
    void theOldPostLayerNormStatesAreRecomputedBitForBit() throws IOException {
        TinyBert tiny = new TinyBert(9);
        try (BertModel model = TinyModels.load(tiny, store);
                NDManager scope = model.newScope()) {
            int[] a = TinyModels.ids(model, TEXT);
            int[] b = TinyModels.ids(model, "paris is in [MASK] .");
            LanguageModel.CachedRun run = model.runWithCache(scope, TokenBatch.of(a, b), ALL);
            ActivationCache c = run.cache();
            float eps = (float) model.config().layerNormEps();
            NDArray sum = c.get(HookPoint.EMBED).add(c.get(HookPoint.POS_EMBED)).add(c.get(HookPoint.TOKEN_TYPE_EMBED));
            assertBits(layerNorm(scope, tiny, "bert.embeddings.LayerNorm", sum, eps), c.get(HookPoint.FULL_EMBED));
            assertBits(c.get(HookPoint.FULL_EMBED), c.get(HookPoint.residPre(0)));
            for (int l = 0; l < TinyBert.LAYERS; l++) {
                String p = "bert.encoder.layer." + l + ".";
                NDArray mid = c.get(HookPoint.residPre(l)).add(c.get(HookPoint.attnOut(l)));
                assertBits(mid, c.get(HookPoint.residMid(l)));
                NDArray normalized = layerNorm(scope, tiny, p + "attention.output.LayerNorm", mid, eps);
                assertBits(normalized, c.get(HookPoint.ln1Normalized(l)));
                NDArray resid = normalized.add(c.get(HookPoint.mlpOut(l)));
                assertBits(resid, c.get(HookPoint.residPost(l)));
                NDArray output = layerNorm(scope, tiny, p + "output.LayerNorm", resid, eps);
                assertBits(output, c.get(HookPoint.normalizedResidPost(l)));
                assertBits(output, model.feedForwardOutput(l, normalized, c.get(HookPoint.mlpPost(l))));
                assertBits(output, l + 1 < TinyBert.LAYERS ? c.get(HookPoint.residPre(l + 1)) : run.encoding());
            }
        }
    }

    @Test
    void runWithCacheEqualsOneCapturePerHookPointAndLeavesNothingInTheModel() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(10), store)) {
            TokenBatch batch =
                    TokenBatch.of(TinyModels.ids(model, TEXT), TinyModels.ids(model, "paris is in [MASK] ."));
            int held = model.heldArrays();
            try (NDManager scope = model.newScope()) {
                LanguageModel.CachedRun run = model.runWithCache(scope, batch, ALL);
                assertEquals(Set.copyOf(ALL), run.cache().names());
                assertBits(model.encode(scope, batch, Hooks.none()), run.encoding());
                for (String name : ALL) {
                    ActivationCapture capture = new ActivationCapture();
                    model.encode(scope, batch, Hooks.none().add(name, capture));
                    assertArrayEquals(
                            capture.value().toFloatArray(),
                            run.cache().get(name).toFloatArray(),
                            name);
                }
            }
            assertEquals(held, model.heldArrays());
        }
    }

    @Test
    void runWithCacheRejectsNamesThatAreNotHookPointsOfTheModel() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(6), store);
                NDManager scope = model.newScope()) {
            TokenBatch batch = TokenBatch.of(TinyModels.ids(model, TEXT));
            // A typo, two names from before the TransformerLens renaming, a block the model lacks.
            for (String bad : List.of(
                    "blocks.0.mlp.hook_typo",
                    "blocks.0.attn.hook_out",
                    "hook_embed",
                    HookPoint.mlpPost(TinyBert.LAYERS))) {
                IllegalArgumentException e = assertThrows(
                        IllegalArgumentException.class,
                        () -> model.runWithCache(scope, batch, List.of(HookPoint.mlpPost(0), bad)));
                assertTrue(e.getMessage().contains(bad), e.getMessage());
            }
            ActivationCache cache = model.runWithCache(scope, batch, List.of(HookPoint.mlpPost(0)))
                    .cache();
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> cache.get(HookPoint.mlpPre(0)));
            assertTrue(e.getMessage().contains(HookPoint.mlpPre(0)), e.getMessage());
        }
    }

    private static NDArray layerNorm(NDManager scope, TinyBert tiny, String prefix, NDArray x, float eps) {
        NDArray gamma = scope.create(tiny.w(prefix + ".weight"));
        NDArray beta = scope.create(tiny.w(prefix + ".bias"));
        return LayerNorm.layerNorm(x, new Shape(TinyBert.HIDDEN), gamma, beta, eps)
                .singletonOrThrow();
    }

    private static void assertBits(NDArray expected, NDArray actual) {
        assertArrayEquals(expected.toFloatArray(), actual.toFloatArray());
    }
}
