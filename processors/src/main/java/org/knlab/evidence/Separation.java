package org.knlab.evidence;

import java.util.Random;
import org.apache.commons.math3.stat.StatUtils;

/** How well activations tell two groups of prompts apart, and whether per-fact differences are chance. */
public final class Separation {

    private Separation() {}

    /**
     * The area under the ROC curve of {@code positive} against {@code negative}: P(X > Y) + ½ P(X = Y)
     * for X from positive and Y from negative (the Mann–Whitney U over n₊·n₋). 0.5 = no separation;
     * scale-free, so neuron sets of different activation scales compare. NaN when a group is empty.
     */
    public static double auc(double[] positive, double[] negative) {
        if (positive.length == 0 || negative.length == 0) {
            return Double.NaN;
        }
        double wins = 0;
        for (double x : positive) {
            for (double y : negative) {
                wins += x > y ? 1 : x == y ? 0.5 : 0;
            }
        }
        return wins / ((double) positive.length * negative.length);
    }

    /**
     * Two-sided sign-flip permutation p-value of the mean of paired differences d (H₀: each d is as
     * likely +|d| as −|d|): (1 + #{b : |mean(s_b · d)| ≥ |mean(d)|}) / (1 + B) over B random sign
     * vectors s_b, seeded.
     */
    public static double signFlipP(double[] differences, int permutations, long seed) {
        if (differences.length == 0) {
            return Double.NaN;
        }
        double observed = Math.abs(StatUtils.mean(differences));
        Random rnd = new Random(seed);
        int atLeast = 0;
        for (int b = 0; b < permutations; b++) {
            double sum = 0;
            for (double d : differences) {
                sum += rnd.nextBoolean() ? d : -d;
            }
            if (Math.abs(sum / differences.length) >= observed - 1e-12) {
                atLeast++;
            }
        }
        return (1.0 + atLeast) / (1.0 + permutations);
    }

    /** Cohen's d_z of paired differences: mean / standard deviation (n − 1); NaN below two. */
    public static double effectSize(double[] differences) {
        if (differences.length < 2) {
            return Double.NaN;
        }
        return StatUtils.mean(differences) / Math.sqrt(StatUtils.variance(differences));
    }
}
