package org.knlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.knlab.attribution.AttributionResult;
import org.knlab.attribution.IntegratedGradients;
import org.knlab.attribution.Quadrature;
import org.knlab.attribution.ReferenceIntegratedGradients;
import org.knlab.errors.CheckpointException;
import org.knlab.errors.InvalidInputException;
import org.knlab.experiments.ProgressListener;
import org.knlab.testing.ReferenceDecoder;
import org.knlab.testing.TinyDecoder;
import org.knlab.testing.TinyTokenizerJson;
import org.knlab.text.EncodedPrompt;

/** GPT-2 and Llama (grouped-query attention, float16 weights) against plain double-precision references. */
class DecoderModelsTest {

    private static final String PROMPT = "The capital of France is";

    @TempDir
    Path store;

    private static TinyDecoder tiny(String arch) {
        return arch.equals("llama") ? TinyDecoder.llama(7) : TinyDecoder.gpt2(7);
    }

    private LanguageModel load(TinyDecoder tiny) throws IOException {
        return LanguageModels.load("tiny", tiny.write(store.resolve("tiny")), Device.cpu());
    }

    /** Logits [vocab] at every position of one row. */
    private static float[][] logits(LanguageModel model, int[] ids, Hooks hooks) {
        try (NDManager scope = model.newScope()) {
            NDArray hidden = model.encode(scope, TokenBatch.of(ids), hooks);
            float[][] out = new float[ids.length][];
            for (int t = 0; t < ids.length; t++) {
                out[t] = model.logits(hidden, new int[] {0}, new int[] {t}).toFloatArray();
            }
            return out;
        }
    }

    /** Within {@code tolerance} of each position's largest logit (float32 rounding scales with it). */
    private static void assertClose(double[][] expected, float[][] actual, double tolerance) {
        for (int t = 0; t < expected.length; t++) {
            double scale = 1;
            for (double e : expected[t]) {
                scale = Math.max(scale, Math.abs(e));
            }
            for (int v = 0; v < expected[t].length; v++) {
                assertEquals(expected[t][v], actual[t][v], tolerance * scale, "position " + t + ", token " + v);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void logitsEqualThePlainReference(String arch) throws IOException {
        TinyDecoder tiny = tiny(arch);
        try (LanguageModel model = load(tiny)) {
            int[] ids = model.tokenizer().encode(PROMPT, "prompt").ids();
            assertClose(new ReferenceDecoder(tiny).logits(ids), logits(model, ids, Hooks.none()), 1e-5);
            assertEquals(arch, model.architecture());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void paddedRowsReadTheirLastTokenAsAlone(String arch) throws IOException {
        try (LanguageModel model = load(tiny(arch))) {
            EncodedPrompt longer = model.tokenizer().encode(PROMPT, "prompt");
            EncodedPrompt shorter = model.tokenizer().encode("Paris", "prompt");
            try (NDManager scope = model.newScope()) {
                TokenBatch batch = TokenBatch.of(longer.ids(), shorter.ids());
                NDArray hidden = model.encode(scope, batch, Hooks.none());
                float[] both = model.logits(
                                hidden, new int[] {0, 1}, new int[] {longer.answerPosition(), shorter.answerPosition()})
                        .toFloatArray();
                float[][] alone = logits(model, shorter.ids(), Hooks.none());
                int v = alone[0].length;
                for (int i = 0; i < v; i++) {
                    assertEquals(alone[shorter.answerPosition()][i], both[v + i], 1e-5);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void aNeuronSetAtTheLastTokenEqualsTheReference(String arch) throws IOException {
        TinyDecoder tiny = tiny(arch);
        try (LanguageModel model = load(tiny)) {
            int[] ids = model.tokenizer().encode(PROMPT, "prompt").ids();
            Hooks hooks =
                    Hooks.none().add(HookPoint.mlpPost(1), new NeuronIntervention().set(0, ids.length - 1, 5, 2f));
            assertClose(new ReferenceDecoder(tiny).logits(ids, 1, new int[] {5, 2}), logits(model, ids, hooks), 1e-5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void integratedGradientsAreComplete(String arch) throws IOException {
        try (LanguageModel model = load(tiny(arch))) {
            int gold = model.tokenizer().singleTokenId("Paris", "gold");
            AttributionResult r = new IntegratedGradients(model, Quadrature.GAUSS_LEGENDRE, 16, 64)
                    .attribute(List.of(PROMPT), gold, ProgressListener.NONE)
                    .get(0);
            for (int l = 0; l < TinyDecoder.LAYERS; l++) {
                assertTrue(Math.abs(r.completenessGap()[l]) < 1e-4, "layer " + l + " gap " + r.completenessGap()[l]);
            }
            double total = 0;
            for (float s : r.scores()[1]) {
                total += Math.abs(s);
            }
            assertTrue(total > 1e-6, "scores should not vanish: " + total);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void theFastEngineEqualsThePlainPerLayerLoop(String arch) throws IOException {
        try (LanguageModel model = load(tiny(arch))) {
            int gold = model.tokenizer().singleTokenId("Paris", "gold");
            EncodedPrompt prompt = model.tokenizer().encode(PROMPT, "prompt");
            float[][] reference =
                    ReferenceIntegratedGradients.scores(model, prompt.ids(), prompt.answerPosition(), gold, 20);
            float[][] fast = new IntegratedGradients(model, Quadrature.LEFT_RIEMANN, 20, 64)
                    .attribute(List.of(PROMPT), gold, ProgressListener.NONE)
                    .get(0)
                    .scores();
            double scale = 0;
            for (float[] layer : reference) {
                for (float v : layer) {
                    scale = Math.max(scale, Math.abs(v));
                }
            }
            assertTrue(scale > 1e-6, "scores should not vanish");
            for (int l = 0; l < reference.length; l++) {
                for (int i = 0; i < reference[l].length; i++) {
                    assertEquals(reference[l][i], fast[l][i], 1e-4 * scale, "layer " + l + ", neuron " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void aValueSlotPatchIsUndoneBitForBit(String arch) throws IOException {
        try (LanguageModel model = load(tiny(arch))) {
            int[] ids = model.tokenizer().encode(PROMPT, "prompt").ids();
            float[][] before = logits(model, ids, Hooks.none());
            try (NDManager scope = model.newScope()) {
                NDArray zero = scope.zeros(new ai.djl.ndarray.types.Shape(TinyDecoder.HIDDEN));
                try (WeightPatch patch = model.patchValueVectors(1, new int[] {3, 7}, new NDArray[] {zero, zero})) {
                    assertFalse(java.util.Arrays.equals(
                            before[ids.length - 1], logits(model, ids, Hooks.none())[ids.length - 1]));
                }
            }
            float[][] after = logits(model, ids, Hooks.none());
            for (int t = 0; t < ids.length; t++) {
                assertArrayEquals(before[t], after[t]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void tokenizationGivesTheTokenizersIds(String arch) throws IOException {
        TinyTokenizerJson t = new TinyTokenizerJson();
        try (LanguageModel model = load(tiny(arch))) {
            int[] start = arch.equals("llama") ? new int[] {t.bos} : new int[0];
            // "The" and " France" merge whole; " capital" has no merges; " is" merges "i s" first (rank 3),
            // after which "Ġi s" cannot apply: [Ġ, is].
            assertArrayEquals(
                    concat(
                            start,
                            t.id("The"),
                            32,
                            'c',
                            'a',
                            'p',
                            'i',
                            't',
                            'a',
                            'l',
                            t.id("Ġof"),
                            t.id("ĠFrance"),
                            32,
                            t.id("is")),
                    model.tokenizer().encode(PROMPT, "prompt").ids());
            // Non-ASCII: é is the bytes C3 A9, byte symbols Ã and ©.
            assertArrayEquals(
                    concat(start, 'c', 'a', 'f', 0xC3, 0xA9, '.'),
                    model.tokenizer().encode("café.", "p").ids());
            assertArrayEquals(
                    concat(start, t.id("ĠParis"), ','),
                    model.tokenizer().encode(" Paris,", "p").ids());
            assertArrayEquals(
                    concat(start, 'P', t.id("ar"), t.id("is")),
                    model.tokenizer().encode("Paris", "p").ids());
            assertEquals(t.id("ĠParis"), model.tokenizer().singleTokenId("Paris", "object"));
            assertEquals(t.id("ĠFrance"), model.tokenizer().singleTokenId("France", "object"));
            assertTrue(model.tokenizer().singleToken("capital").isEmpty(), "' capital' is eight tokens");
        }
    }

    private static int[] concat(int[] start, int... rest) {
        int[] out = java.util.Arrays.copyOf(start, start.length + rest.length);
        System.arraycopy(rest, 0, out, start.length, rest.length);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void aMaskPromptIsAnErrorNamingTheField(String arch) throws IOException {
        try (LanguageModel model = load(tiny(arch))) {
            InvalidInputException e = assertThrows(
                    InvalidInputException.class,
                    () -> model.tokenizer().encode("The capital of France is [MASK].", "facts.prompts[0].text"));
            assertEquals("facts.prompts[0].text", e.field());
            assertTrue(e.getMessage().contains("next-token"), e.getMessage());
        }
    }

    @org.junit.jupiter.api.Test
    void badCheckpointsAreClearErrors() throws IOException {
        Path dir = TinyDecoder.gpt2(3).write(store.resolve("bad"));
        String config = Files.readString(dir.resolve("config.json"));
        Files.writeString(dir.resolve("config.json"), config.replace("\"gpt2\"", "\"falcon\""));
        CheckpointException type =
                assertThrows(CheckpointException.class, () -> LanguageModels.load("bad", dir, Device.cpu()));
        assertTrue(type.getMessage().contains("model_type 'falcon'"), type.getMessage());
        Files.writeString(dir.resolve("config.json"), config.replace("\"n_inner\": 32", "\"n_inner\": 48"));
        CheckpointException shape =
                assertThrows(CheckpointException.class, () -> LanguageModels.load("bad", dir, Device.cpu()));
        assertTrue(
                shape.getMessage().contains("h.0.mlp.c_fc.weight has shape [16, 32], expected [16, 48]"),
                shape.getMessage());
        Files.writeString(dir.resolve("config.json"), config);
        Files.delete(dir.resolve("tokenizer.json"));
        CheckpointException tok =
                assertThrows(CheckpointException.class, () -> LanguageModels.load("bad", dir, Device.cpu()));
        assertTrue(tok.getMessage().contains("tokenizer.json"), tok.getMessage());
    }
}
