package org.knlab.factors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.knlab.errors.InvalidParameterException;

/** PCA and NMF on small matrices, against references and their defining properties. */
class FactorizerTest {

    @Test
    void pcaMatchesTheCovarianceEigenvectorsAndIsOrthonormal() {
        double[][] x = random(12, 6, 1, false);
        LayerFactors pca = Factorizer.pca(3, x, 3);
        // reference: eigenvectors of the covariance XcᵀXc, by eigenvalue descending
        double[][] centred = new double[12][6];
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 6; j++) {
                centred[i][j] = x[i][j] - pca.mean()[j];
            }
        }
        RealMatrix xc = new Array2DRowRealMatrix(centred);
        EigenDecomposition eigen = new EigenDecomposition(xc.transpose().multiply(xc));
        for (int k = 0; k < 3; k++) {
            double[] e = eigen.getEigenvector(k).toArray();
            assertEquals(1.0, Math.abs(dot(e, pca.basis()[k])), 1e-9, "component " + k);
            for (int m = 0; m < 3; m++) {
                assertEquals(k == m ? 1.0 : 0.0, dot(pca.basis()[k], pca.basis()[m]), 1e-9, "orthonormal");
            }
        }
        assertEquals(0.0, Factorizer.pca(0, x, 6).relativeError(), 1e-9, "full rank reconstructs");
        assertTrue(Factorizer.pca(0, x, 2).relativeError()
                > Factorizer.pca(0, x, 4).relativeError());
        float[] row = toFloat(x[5]);
        double[] c = pca.coefficients(row);
        for (int k = 0; k < 3; k++) {
            assertEquals(dot(centred[5], pca.basis()[k]), c[k], 1e-6, "projection");
        }
    }

    @Test
    void nmfRecoversAnExactNonNegativeFactorisation() {
        double[][] w0 = random(15, 2, 2, true);
        double[][] h0 = random(2, 8, 3, true);
        double[][] x = new double[15][8];
        for (int i = 0; i < 15; i++) {
            for (int j = 0; j < 8; j++) {
                x[i][j] = w0[i][0] * h0[0][j] + w0[i][1] * h0[1][j];
            }
        }
        LayerFactors nmf = Factorizer.nmf(1, x, 2, 3000, 7);
        assertTrue(nmf.relativeError() < 0.02, "relative error " + nmf.relativeError());
        for (double[] b : nmf.basis()) {
            assertEquals(1.0, Math.sqrt(dot(b, b)), 1e-9, "unit-norm basis");
            for (double v : b) {
                assertTrue(v >= 0, "non-negative basis");
            }
        }
        double[] c = nmf.coefficients(toFloat(x[7]));
        double[] fit = nmf.combination(c);
        for (int j = 0; j < 8; j++) {
            assertEquals(x[7][j], fit[j], 0.05 * Math.abs(x[7][j]) + 1e-3, "NNLS refits a sample row");
        }
        assertArrayEquals(nmf.basis()[0], Factorizer.nmf(1, x, 2, 3000, 7).basis()[0], "seeded");
        double[][] negative = x.clone();
        negative[0] = x[0].clone();
        negative[0][0] = -0.1; // a GELU-like negative value: factorised as 0
        double[][] zero = negative.clone();
        zero[0] = negative[0].clone();
        zero[0][0] = 0;
        assertArrayEquals(
                Factorizer.nmf(1, zero, 2, 50, 7).basis()[1],
                Factorizer.nmf(1, negative, 2, 50, 7).basis()[1],
                "NMF sees max(X, 0)");
    }

    @Test
    void nnlsMatchesHandSolutions() {
        double[][] basis = {{1, 1, 0}, {0, 1, 1}};
        assertArrayEquals(new double[] {1, 1}, Factorizer.nnls(basis, new double[] {1, 2, 1}, 2000), 1e-6);
        // unconstrained least squares would give (2/3, −1/3); with c ≥ 0 the second is 0 and c₁ = 1/2
        assertArrayEquals(new double[] {0.5, 0}, Factorizer.nnls(basis, new double[] {1, 0, 0}, 5000), 1e-3);
    }

    @Test
    void rankOutsideTheSampleIsAnErrorNamingRank() {
        double[][] x = random(4, 6, 1, false);
        assertEquals(
                "rank",
                assertThrows(InvalidParameterException.class, () -> Factorizer.pca(0, x, 0))
                        .field());
        assertEquals(
                "rank",
                assertThrows(InvalidParameterException.class, () -> Factorizer.nmf(0, x, 5, 10, 1))
                        .field());
    }

    private static double[][] random(int n, int f, long seed, boolean positive) {
        Random rnd = new Random(seed);
        double[][] x = new double[n][f];
        for (double[] row : x) {
            for (int j = 0; j < f; j++) {
                row[j] = positive ? rnd.nextDouble() : rnd.nextGaussian();
            }
        }
        return x;
    }

    private static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = (float) v[j];
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }
}
