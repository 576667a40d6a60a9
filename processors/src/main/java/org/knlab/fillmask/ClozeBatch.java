package org.knlab.fillmask;

import java.util.List;
import org.knlab.errors.InvalidInputException;
import org.knlab.nn.TokenBatch;
import org.knlab.text.WordPieceTokenizer;

/** Cloze prompts with exactly one [MASK] each, tokenised into one padded batch. */
public record ClozeBatch(TokenBatch tokens, int[] rows, int[] maskPositions) {

    public static ClozeBatch of(WordPieceTokenizer tok, List<String> prompts) {
        if (prompts.isEmpty()) {
            throw new InvalidInputException("prompts", "no prompts given");
        }
        int[][] ids = new int[prompts.size()][];
        int[] masks = new int[prompts.size()];
        int[] rows = new int[prompts.size()];
        for (int i = 0; i < ids.length; i++) {
            List<String> tokens = tok.encodeTokens(prompts.get(i));
            masks[i] = tokens.indexOf(WordPieceTokenizer.MASK);
            if (masks[i] < 0 || tokens.lastIndexOf(WordPieceTokenizer.MASK) != masks[i]) {
                throw new InvalidInputException("prompt", "a cloze prompt needs exactly one [MASK]: '" + prompts.get(i) + "'");
            }
            ids[i] = tok.ids(tokens);
            rows[i] = i;
        }
        return new ClozeBatch(new TokenBatch(ids), rows, masks);
    }

    public int size() {
        return rows.length;
    }
}
