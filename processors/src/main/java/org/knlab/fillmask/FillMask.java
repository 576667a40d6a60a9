package org.knlab.fillmask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.knlab.errors.InvalidInputException;
import org.knlab.errors.InvalidParameterException;
import org.knlab.nn.Hooks;
import org.knlab.nn.LanguageModel;
import org.knlab.nn.TokenBatch;
import org.knlab.text.EncodedText;
import org.knlab.text.PromptTokenizer;

/**
 * Top-k predictions at each [MASK] (for a next-token model: of the token after the text), and the
 * probability and rank of a gold answer.
 */
public final class FillMask {

    private final LanguageModel model;

    public FillMask(LanguageModel model) {
        this.model = model;
    }

    /**
     * @param gold the expected answer, a single token of the vocabulary, or null
     */
    public FillMaskResult run(String text, int topK, String gold) {
        PromptTokenizer tok = model.tokenizer();
        if (topK < 1 || topK > tok.vocabularySize()) {
            throw new InvalidParameterException(
                    "top", "top must be between 1 and " + tok.vocabularySize() + ", got " + topK);
        }
        EncodedText encoded = tok.encodeText(text, "text");
        int[] maskPositions = answerPositions(tok, encoded, text);
        int goldId = gold == null ? -1 : tok.singleTokenId(gold, "gold");
        float[][] probs = maskProbabilities(encoded.ids(), maskPositions);
        List<FillMaskResult.Mask> masks = new ArrayList<>();
        for (int m = 0; m < maskPositions.length; m++) {
            masks.add(new FillMaskResult.Mask(
                    maskPositions[m], top(probs[m], topK), goldId < 0 ? null : gold(probs[m], goldId)));
        }
        return new FillMaskResult(model.identity().id(), model.identity().sha256(), text, encoded.tokens(), masks);
    }

    /** Every mask token of a cloze model; for a next-token model the last token (its prediction is the next). */
    private static int[] answerPositions(PromptTokenizer tok, EncodedText encoded, String text) {
        if (tok.maskToken().isEmpty()) {
            return new int[] {tok.encode(text, "text").answerPosition()};
        }
        int mask = tok.id(tok.maskToken().get()).orElseThrow();
        int[] positions = IntStream.range(0, encoded.ids().length)
                .filter(i -> encoded.ids()[i] == mask)
                .toArray();
        if (positions.length == 0) {
            throw new InvalidInputException("text", "text has no [MASK] token: '" + text + "'");
        }
        return positions;
    }

    /** Softmax over the vocabulary at each mask position, as Java arrays. */
    private float[][] maskProbabilities(int[] ids, int[] maskPositions) {
        try (NDManager scope = model.newScope()) {
            NDArray hidden = model.encode(scope, TokenBatch.of(ids), Hooks.none());
            NDArray probs = model.logits(hidden, new int[maskPositions.length], maskPositions)
                    .softmax(-1);
            int vocab = (int) probs.getShape().get(1);
            float[] flat = probs.toFloatArray();
            float[][] out = new float[maskPositions.length][];
            for (int m = 0; m < out.length; m++) {
                out[m] = Arrays.copyOfRange(flat, m * vocab, (m + 1) * vocab);
            }
            return out;
        }
    }

    private List<FillMaskResult.Prediction> top(float[] p, int k) {
        PromptTokenizer tok = model.tokenizer();
        int[] best = TopK.indices(p, Math.min(k, tok.vocabularySize()));
        List<FillMaskResult.Prediction> out = new ArrayList<>(best.length);
        for (int i : best) {
            out.add(new FillMaskResult.Prediction(tok.token(i), p[i]));
        }
        return out;
    }

    private FillMaskResult.Gold gold(float[] p, int goldId) {
        float g = p[goldId];
        int above = 0;
        for (float v : p) {
            if (v > g) {
                above++;
            }
        }
        return new FillMaskResult.Gold(model.tokenizer().token(goldId), goldId, g, above + 1);
    }
}
