package org.knlab.intervention;

/**
 * One prompt before and after an intervention: log-probability, rank (1 = top) and top-1 hit of
 * the gold token, and KL(before ‖ after) of the whole output distribution at [MASK].
 */
public record PromptOutcome(double logProbBefore, double logProbAfter, int rankBefore, int rankAfter, double kl) {

    public double before() {
        return Math.exp(logProbBefore);
    }

    public double after() {
        return Math.exp(logProbAfter);
    }

    public boolean correctBefore() {
        return rankBefore == 1;
    }

    public boolean correctAfter() {
        return rankAfter == 1;
    }

    /** (after − before) / before: the per-prompt change EleutherAI averages. */
    public double relativeChange() {
        return Math.expm1(logProbAfter - logProbBefore);
    }
}
