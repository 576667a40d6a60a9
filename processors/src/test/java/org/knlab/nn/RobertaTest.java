package org.knlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.attribution.AttributionResult;
import org.knlab.attribution.IntegratedGradients;
import org.knlab.attribution.Quadrature;
import org.knlab.experiments.ProgressListener;
import org.knlab.fillmask.FillMask;
import org.knlab.fillmask.FillMaskResult;
import org.knlab.testing.ReferenceBert;
import org.knlab.testing.TinyBert;
import org.knlab.testing.TinyTokenizerJson;
import org.knlab.text.EncodedPrompt;

/**
 * RoBERTa is BERT with positions that start after the padding id, one token type, {@code lm_head}
 * names and a byte-level BPE tokenizer with {@code <mask>}: a tiny RoBERTa checkpoint written from a
 * {@link TinyBert} must give {@link ReferenceBert}'s logits on the same ids.
 */
class RobertaTest {

    private static final String PROMPT = "The capital of France is [MASK].";

    @TempDir
    Path store;

    @Test
    void robertaEqualsTheBertReferenceShiftedByItsPositionOffset() throws IOException {
        TinyTokenizerJson tok = new TinyTokenizerJson();
        TinyBert tiny = new TinyBert(5, tok.size());
        Path dir = tiny.writeRoberta(store.resolve("tiny-roberta"), tok.json(TinyTokenizerJson.Specials.ROBERTA));
        try (LanguageModel model = LanguageModels.load("tiny-roberta", dir, Device.cpu())) {
            assertEquals("roberta", model.architecture());
            EncodedPrompt prompt = model.tokenizer().encode(PROMPT, "prompt");
            // <s> The Ġcapital(bytes) Ġof ĠFrance Ġ is <mask> . </s>: the mask absorbs the space before it.
            assertArrayEquals(
                    new int[] {
                        tok.bos,
                        tok.id("The"),
                        32,
                        'c',
                        'a',
                        'p',
                        'i',
                        't',
                        'a',
                        'l',
                        tok.id("Ġof"),
                        tok.id("ĠFrance"),
                        32,
                        tok.id("is"),
                        tok.mask,
                        '.',
                        tok.eos
                    },
                    prompt.ids());
            assertEquals(14, prompt.answerPosition());
            float[] logits;
            try (NDManager scope = model.newScope()) {
                NDArray hidden = model.encode(scope, TokenBatch.of(prompt.ids()), Hooks.none());
                logits = model.logits(hidden, new int[] {0}, new int[] {prompt.answerPosition()})
                        .toFloatArray();
            }
            double[] expected = new ReferenceBert(tiny).logits(prompt.ids(), prompt.answerPosition());
            double scale = 1;
            for (double e : expected) {
                scale = Math.max(scale, Math.abs(e));
            }
            for (int v = 0; v < expected.length; v++) {
                assertEquals(expected[v], logits[v], 1e-5 * scale, "token " + v);
            }
            assertEquals(tok.id("ĠParis"), model.tokenizer().singleTokenId("Paris", "gold"));
            FillMaskResult fill = new FillMask(model).run(PROMPT, 3, "Paris");
            assertEquals(1, fill.masks().size());
            assertEquals(14, fill.masks().get(0).position());
            AttributionResult ig = new IntegratedGradients(model, Quadrature.GAUSS_LEGENDRE, 16, 64)
                    .attribute(List.of(PROMPT), tok.id("ĠParis"), ProgressListener.NONE)
                    .get(0);
            for (double gap : ig.completenessGap()) {
                assertTrue(Math.abs(gap) < 1e-4, "completeness gap " + gap);
            }
        }
    }
}
