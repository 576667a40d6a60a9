package org.knlab.fillmask;

import java.util.List;
import org.knlab.errors.InvalidInputException;
import org.knlab.nn.TokenBatch;
import org.knlab.text.EncodedPrompt;
import org.knlab.text.PromptTokenizer;

/**
 * Prompts tokenised into one padded batch, each with its answer position ({@code maskPositions}: the
 * [MASK] of a cloze prompt, the last token of a next-token prompt).
 */
public record ClozeBatch(TokenBatch tokens, int[] rows, int[] maskPositions) {

    public static ClozeBatch of(PromptTokenizer tok, List<String> prompts) {
        if (prompts.isEmpty()) {
            throw new InvalidInputException("prompts", "no prompts given");
        }
        int[][] ids = new int[prompts.size()][];
        int[] masks = new int[prompts.size()];
        int[] rows = new int[prompts.size()];
        for (int i = 0; i < ids.length; i++) {
            EncodedPrompt encoded = tok.encode(prompts.get(i), "prompt");
            ids[i] = encoded.ids();
            masks[i] = encoded.answerPosition();
            rows[i] = i;
        }
        return new ClozeBatch(new TokenBatch(ids), rows, masks);
    }

    /** The prompts at the given indices, in that order, without tokenising them again. */
    public ClozeBatch select(List<Integer> indices) {
        int[][] ids = new int[indices.size()][];
        int[] masks = new int[indices.size()];
        int[] newRows = new int[indices.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokens.rows()[indices.get(i)];
            masks[i] = maskPositions[indices.get(i)];
            newRows[i] = i;
        }
        return new ClozeBatch(new TokenBatch(ids), newRows, masks);
    }

    /** This batch's prompts followed by another's. */
    public ClozeBatch concat(ClozeBatch other) {
        int n = size() + other.size();
        int[][] ids = new int[n][];
        int[] masks = new int[n];
        int[] newRows = new int[n];
        for (int i = 0; i < n; i++) {
            boolean mine = i < size();
            ids[i] = mine ? tokens.rows()[i] : other.tokens.rows()[i - size()];
            masks[i] = mine ? maskPositions[i] : other.maskPositions[i - size()];
            newRows[i] = i;
        }
        return new ClozeBatch(new TokenBatch(ids), newRows, masks);
    }

    public int size() {
        return rows.length;
    }
}
