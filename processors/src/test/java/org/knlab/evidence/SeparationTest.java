package org.knlab.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** AUC, the sign-flip test and d_z against hand computations. */
class SeparationTest {

    @Test
    void aucCountsWinsAndHalfTies() {
        assertEquals(1.0, Separation.auc(new double[] {3, 4}, new double[] {1, 2}));
        assertEquals(0.0, Separation.auc(new double[] {1, 2}, new double[] {3, 4}));
        assertEquals(0.5, Separation.auc(new double[] {2, 2}, new double[] {2, 2}));
        // pairs (1,0) win, (1,2) lose, (3,0) win, (3,2) win: 3 of 4
        assertEquals(0.75, Separation.auc(new double[] {1, 3}, new double[] {0, 2}));
        assertTrue(Double.isNaN(Separation.auc(new double[] {1}, new double[0])));
    }

    @Test
    void signFlipPIsSmallForConsistentDifferencesAndLargeForSymmetricOnes() {
        double[] consistent = {0.2, 0.3, 0.1, 0.25, 0.15, 0.3, 0.2, 0.1, 0.2, 0.3};
        // exact: P(|mean| >= observed) = 2 / 2^10 under H0 (only all +, all − reach it)
        double p = Separation.signFlipP(consistent, 20_000, 1);
        assertEquals(2.0 / 1024, p, 0.0015);
        double[] symmetric = {0.2, -0.2, 0.1, -0.1, 0.3, -0.3};
        assertTrue(Separation.signFlipP(symmetric, 2000, 1) > 0.9);
    }

    @Test
    void effectSizeIsMeanOverSampleSd() {
        double[] d = {1, 2, 3};
        assertEquals(2.0 / 1.0, Separation.effectSize(d), 1e-12); // mean 2, sd 1
        assertTrue(Double.isNaN(Separation.effectSize(new double[] {1})));
    }
}
