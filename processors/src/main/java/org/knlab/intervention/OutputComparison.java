package org.knlab.intervention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares output distributions row by row on the device and brings back only a few numbers per
 * row: gold log-probabilities, gold ranks and KL(before ‖ after).
 */
public final class OutputComparison {

    private OutputComparison() {}

    /**
     * @param logProbsBefore [rows, vocab] log-softmax of the clean pass
     * @param logitsAfter    [rows, vocab] logits with the intervention
     * @param gold           the gold token of each row
     */
    public static List<PromptOutcome> compare(NDArray logProbsBefore, NDArray logitsAfter, int[] gold) {
        NDArray after = logitsAfter.logSoftmax(-1);
        float[] kl = kl(logProbsBefore, after);
        TokenScores before = scores(logProbsBefore, gold);
        TokenScores changed = scores(after, gold);
        List<PromptOutcome> out = new ArrayList<>(gold.length);
        for (int r = 0; r < gold.length; r++) {
            out.add(new PromptOutcome(
                    before.logProbs()[r], changed.logProbs()[r], before.ranks()[r], changed.ranks()[r], kl[r]));
        }
        return out;
    }

    /** The outcomes of a pass that changes nothing: after = before, KL 0. */
    public static List<PromptOutcome> unchanged(NDArray logProbsBefore, int[] gold) {
        TokenScores before = scores(logProbsBefore, gold);
        List<PromptOutcome> out = new ArrayList<>(gold.length);
        for (int r = 0; r < gold.length; r++) {
            float lp = before.logProbs()[r];
            int rank = before.ranks()[r];
            out.add(new PromptOutcome(lp, lp, rank, rank, 0));
        }
        return List.copyOf(out);
    }

    /** Log-probabilities and ranks (1 = top) of one chosen token per row. */
    public record TokenScores(float[] logProbs, int[] ranks) {}

    /** The log-probability and rank of {@code tokens[r]} in row r of [rows, vocab] log-probabilities. */
    public static TokenScores scores(NDArray logProbs, int[] tokens) {
        float[] values = column(logProbs, tokens);
        return new TokenScores(values, ranks(logProbs, values));
    }

    /** Each row's top-1 token. */
    public static int[] top1(NDArray logProbs) {
        return logProbs.argMax(1).toType(DataType.INT32, false).toIntArray();
    }

    /** KL(before ‖ after) per row of two [rows, vocab] log-probability arrays (clipped at 0 against rounding). */
    public static float[] kl(NDArray logProbsBefore, NDArray logProbsAfter) {
        float[] kl;
        // each [rows, vocab] temporary freed as soon as it is used: a pass's peak is at its logits
        try (NDArray p = logProbsBefore.exp();
                NDArray diff = logProbsBefore.sub(logProbsAfter);
                NDArray sum = p.muli(diff).sum(new int[] {1})) { // muli: the terms in p's own memory
            kl = sum.toFloatArray();
        }
        for (int r = 0; r < kl.length; r++) {
            kl[r] = Math.max(0, kl[r]);
        }
        return kl;
    }

    private static float[] column(NDArray logProbs, int[] gold) {
        long vocab = logProbs.getShape().get(1);
        long[] flat = new long[gold.length];
        for (int r = 0; r < gold.length; r++) {
            flat[r] = r * vocab + gold[r];
        }
        NDManager m = logProbs.getManager();
        return logProbs.reshape(-1).get(m.create(flat)).toFloatArray();
    }

    /** 1 + the number of tokens scored strictly above gold. */
    private static int[] ranks(NDArray logProbs, float[] goldValues) {
        NDManager m = logProbs.getManager();
        float[] above;
        try (NDArray g = m.create(goldValues).expandDims(1);
                NDArray higher = logProbs.gt(g);
                NDArray counted = higher.toType(DataType.FLOAT32, false);
                NDArray sum = counted.sum(new int[] {1})) {
            above = sum.toFloatArray();
        }
        int[] ranks = new int[above.length];
        for (int r = 0; r < ranks.length; r++) {
            ranks[r] = 1 + Math.round(above[r]);
        }
        return ranks;
    }
}
