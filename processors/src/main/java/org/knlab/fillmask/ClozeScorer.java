package org.knlab.fillmask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.knlab.errors.InvalidInputException;
import org.knlab.nn.BertModel;
import org.knlab.nn.Hooks;
import org.knlab.nn.TokenBatch;
import org.knlab.text.WordPieceTokenizer;

/**
 * Scores cloze prompts with one [MASK] each against a gold token, all prompts in one padded batch:
 * the gold probability and whether the gold token is the top-1 prediction.
 */
public final class ClozeScorer {

    /** The outcome of one prompt. */
    public record Score(double goldProbability, boolean top1Correct, int top1TokenId) {}

    private final BertModel model;

    public ClozeScorer(BertModel model) {
        this.model = model;
    }

    public List<Score> score(List<String> prompts, int goldId, Hooks hooks) {
        WordPieceTokenizer tok = model.tokenizer();
        int[][] rows = new int[prompts.size()][];
        int[] maskPositions = new int[prompts.size()];
        int[] rowIndex = new int[prompts.size()];
        for (int i = 0; i < rows.length; i++) {
            List<String> tokens = tok.encodeTokens(prompts.get(i));
            maskPositions[i] = tokens.indexOf(WordPieceTokenizer.MASK);
            if (maskPositions[i] < 0 || tokens.lastIndexOf(WordPieceTokenizer.MASK) != maskPositions[i]) {
                throw new InvalidInputException("prompt", "a cloze prompt needs exactly one [MASK]: '" + prompts.get(i) + "'");
            }
            rows[i] = tok.ids(tokens);
            rowIndex[i] = i;
        }
        float[] probs;
        try (NDManager scope = model.newScope()) {
            NDArray hidden = model.encode(scope, new TokenBatch(rows), hooks);
            probs = model.mlmLogits(hidden, rowIndex, maskPositions).softmax(-1).toFloatArray();
        }
        int vocab = probs.length / rows.length;
        List<Score> out = new ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            int best = i * vocab;
            for (int v = i * vocab; v < (i + 1) * vocab; v++) {
                if (probs[v] > probs[best]) {
                    best = v;
                }
            }
            int top1 = best - i * vocab;
            out.add(new Score(probs[i * vocab + goldId], top1 == goldId, top1));
        }
        return out;
    }
}
