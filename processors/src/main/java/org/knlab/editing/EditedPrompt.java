package org.knlab.editing;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knlab.intervention.OutputComparison;
import org.knlab.intervention.OutputComparison.TokenScores;

/**
 * One prompt before and after an edit from t to t′: top-1 token, and log-probability and rank of
 * the prompt's gold, of t and of t′; KL(before ‖ after).
 */
public record EditedPrompt(
        int top1Before,
        int top1After,
        double goldBefore,
        double goldAfter,
        int goldRankBefore,
        int goldRankAfter,
        double oldBefore,
        double oldAfter,
        double newBefore,
        double newAfter,
        int newRankBefore,
        int newRankAfter,
        double kl) {

    /** Rows of a pass: clean log-probabilities and the edited logits, each row's gold, and t and t′. */
    public static List<EditedPrompt> compare(
            NDArray logProbsBefore, NDArray logitsAfter, int[] gold, int oldToken, int newToken) {
        NDArray after = logitsAfter.logSoftmax(-1);
        int rows = gold.length;
        int[] old = filled(rows, oldToken);
        int[] fresh = filled(rows, newToken);
        TokenScores goldB = OutputComparison.scores(logProbsBefore, gold);
        TokenScores goldA = OutputComparison.scores(after, gold);
        TokenScores oldB = OutputComparison.scores(logProbsBefore, old);
        TokenScores oldA = OutputComparison.scores(after, old);
        TokenScores newB = OutputComparison.scores(logProbsBefore, fresh);
        TokenScores newA = OutputComparison.scores(after, fresh);
        int[] topB = OutputComparison.top1(logProbsBefore);
        int[] topA = OutputComparison.top1(after);
        float[] kl = OutputComparison.kl(logProbsBefore, after);
        List<EditedPrompt> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            out.add(new EditedPrompt(
                    topB[r],
                    topA[r],
                    goldB.logProbs()[r],
                    goldA.logProbs()[r],
                    goldB.ranks()[r],
                    goldA.ranks()[r],
                    oldB.logProbs()[r],
                    oldA.logProbs()[r],
                    newB.logProbs()[r],
                    newA.logProbs()[r],
                    newB.ranks()[r],
                    newA.ranks()[r],
                    kl[r]));
        }
        return out;
    }

    private static int[] filled(int n, int value) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }
}
