package org.knlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.knlab.attribution.AttributionResult;
import org.knlab.attribution.IntegratedGradients;
import org.knlab.attribution.Quadrature;
import org.knlab.attribution.ReferenceIntegratedGradients;
import org.knlab.errors.InvalidParameterException;
import org.knlab.experiments.ProgressListener;
import org.knlab.testing.TinyBert;
import org.knlab.testing.TinyDecoder;
import org.knlab.testing.TinyModels;
import org.knlab.text.PromptStyle;

/**
 * Pre-activation neurons ({@code mlp.hook_pre}): the fast restart (which turns pre-activations into the
 * block's activations through {@link LanguageModel#activation}) against the plain loop that scales
 * {@code mlp.hook_pre} in a full forward pass, on each architecture.
 */
class NeuronSiteTest {

    @TempDir
    Path store;

    private LanguageModel load(String arch) throws IOException {
        return switch (arch) {
            case "bert" -> TinyModels.load(new TinyBert(3), store);
            case "gpt2" -> LanguageModels.load("tiny", TinyDecoder.gpt2(7).write(store.resolve("tiny")), Device.cpu());
            default -> LanguageModels.load("tiny", TinyDecoder.llama(7).write(store.resolve("tiny")), Device.cpu());
        };
    }

    private static String prompt(LanguageModel model) {
        return model.promptStyle() == PromptStyle.CLOZE
                ? "the capital of france is [MASK] ."
                : "The capital of France is";
    }

    private static int gold(LanguageModel model) {
        return model.tokenizer().singleTokenId(model.promptStyle() == PromptStyle.CLOZE ? "paris" : "Paris", "gold");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert", "gpt2", "llama"})
    void integratedGradientsOnPreActivationsEqualThePlainLoop(String arch) throws IOException {
        try (LanguageModel base = load(arch)) {
            LanguageModel model = base.withNeuronSite(NeuronSite.PRE);
            String text = prompt(model);
            int gold = gold(model);
            float[][] reference = ReferenceIntegratedGradients.scores(
                    model, TinyModels.ids(model, text), TinyModels.maskPosition(model, text), gold, 20);
            float[][] fast = new IntegratedGradients(model, Quadrature.LEFT_RIEMANN, 20, 64)
                    .attribute(List.of(text), gold, ProgressListener.NONE)
                    .get(0)
                    .scores();
            float[][] post = new IntegratedGradients(base, Quadrature.LEFT_RIEMANN, 20, 64)
                    .attribute(List.of(text), gold, ProgressListener.NONE)
                    .get(0)
                    .scores();
            double scale = 0;
            double differs = 0;
            for (int l = 0; l < reference.length; l++) {
                for (int i = 0; i < reference[l].length; i++) {
                    scale = Math.max(scale, Math.abs(reference[l][i]));
                    differs = Math.max(differs, Math.abs(fast[l][i] - post[l][i]));
                }
            }
            assertTrue(scale > 1e-6, "scores should not vanish");
            for (int l = 0; l < reference.length; l++) {
                for (int i = 0; i < reference[l].length; i++) {
                    assertEquals(reference[l][i], fast[l][i], 1e-4 * scale, "layer " + l + ", neuron " + i);
                }
            }
            assertTrue(differs > 1e-3 * scale, "pre-activation scores should differ from post-activation ones");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert", "gpt2", "llama"})
    void preActivationAttributionIsComplete(String arch) throws IOException {
        try (LanguageModel base = load(arch)) {
            LanguageModel model = base.withNeuronSite(NeuronSite.PRE);
            AttributionResult r = new IntegratedGradients(model, Quadrature.GAUSS_LEGENDRE, 16, 64)
                    .attribute(List.of(prompt(model)), gold(model), ProgressListener.NONE)
                    .get(0);
            for (double gap : r.completenessGap()) {
                assertTrue(Math.abs(gap) < 1e-4, "gap " + gap);
            }
        }
    }

    /** Zero before the nonlinearity is zero after it (GELU(0) = silu(0) = 0); doubling is not. */
    @ParameterizedTest
    @ValueSource(strings = {"bert", "gpt2", "llama"})
    void suppressingAPreActivationSilencesTheNeuronButAmplifyingItIsNotDoubling(String arch) throws IOException {
        try (LanguageModel base = load(arch)) {
            LanguageModel pre = base.withNeuronSite(NeuronSite.PRE);
            String text = prompt(base);
            int[] ids = TinyModels.ids(base, text);
            int at = TinyModels.maskPosition(base, text);
            float[] clean = answerLogits(base, ids, at, Hooks.none());
            float[] preZero = answerLogits(
                    pre,
                    ids,
                    at,
                    Hooks.none()
                            .add(
                                    pre.neuronHook(1),
                                    new NeuronIntervention().set(0, at, 5, 0f).set(0, at, 2, 0f)));
            float[] postZero = answerLogits(
                    base,
                    ids,
                    at,
                    Hooks.none()
                            .add(
                                    base.neuronHook(1),
                                    new NeuronIntervention().set(0, at, 5, 0f).set(0, at, 2, 0f)));
            assertArrayEquals(postZero, preZero, 1e-5f);
            assertTrue(maxDiff(clean, postZero) > 1e-4, "the suppression should change the logits");
            assertTrue(
                    maxDiff(amplified(pre, ids, at), amplified(base, ids, at)) > 1e-4,
                    "doubling pre-activations should differ from doubling activations");
        }
    }

    @Test
    void aViewIsOnlyAViewAndSitesAreNamedByTheirHooks() throws IOException {
        try (LanguageModel base = load("gpt2")) {
            LanguageModel pre = base.withNeuronSite(NeuronSite.PRE);
            assertSame(base, pre.withNeuronSite(NeuronSite.POST));
            assertSame(pre, pre.withNeuronSite(NeuronSite.PRE));
            assertEquals("blocks.1.mlp.hook_pre", pre.neuronHook(1));
            assertEquals("blocks.1.mlp.hook_post", base.neuronHook(1));
            pre.close();
            assertEquals(base.config().vocabSize(), answerLogits(base, new int[] {5, 6}, 1, Hooks.none()).length);
        }
        assertEquals(NeuronSite.PRE, NeuronSite.of("mlp.hook_pre", "neuronHook"));
        assertEquals(NeuronSite.POST, NeuronSite.of(null, "neuronHook"));
        InvalidParameterException e =
                assertThrows(InvalidParameterException.class, () -> NeuronSite.of("mlp.hook_post_ln", "neuronHook"));
        assertEquals("neuronHook", e.field());
    }

    private static float[] amplified(LanguageModel model, int[] ids, int at) {
        return answerLogits(
                model,
                ids,
                at,
                Hooks.none()
                        .add(
                                model.neuronHook(1),
                                new NeuronIntervention().scale(0, at, 2, 2f).scale(0, at, 5, 2f)));
    }

    private static float[] answerLogits(LanguageModel model, int[] ids, int at, Hooks hooks) {
        try (NDManager scope = model.newScope()) {
            NDArray hidden = model.encode(scope, TokenBatch.of(ids), hooks);
            return model.logits(hidden, new int[] {0}, new int[] {at}).toFloatArray();
        }
    }

    private static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
