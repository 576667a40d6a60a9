package org.knlab.factors;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.knlab.errors.InvalidParameterException;

/** Fits a layer's factors to a sample of activations X (n prompts × F neurons). */
public final class Factorizer {

    private static final double EPS = 1e-12;

    private Factorizer() {}

    /** NMF's multiplicative-update rounds. */
    public static final int NMF_ITERATIONS = 300;

    /** Factors of the given kind; NMF seeded, {@link #NMF_ITERATIONS} rounds. */
    public static LayerFactors fit(FactorKind kind, int layer, double[][] x, int rank, long seed) {
        return kind == FactorKind.PCA ? pca(layer, x, rank) : nmf(layer, x, rank, NMF_ITERATIONS, seed);
    }

    /** Rank r must be in [1, min(n, F)]: above the sample size the factors are not determined. */
    public static void checkRank(int rank, int samples, int width) {
        if (rank < 1 || rank > Math.min(samples, width)) {
            throw new InvalidParameterException(
                    "rank",
                    "rank must be in [1, " + Math.min(samples, width) + "] (the sample has " + samples
                            + " prompts), got " + rank);
        }
    }

    /**
     * PCA: the top r right singular vectors of the centred X (commons-math's SVD), each signed so its
     * largest entry is positive (a deterministic sign).
     */
    public static LayerFactors pca(int layer, double[][] x, int rank) {
        checkRank(rank, x.length, x[0].length);
        int n = x.length;
        int f = x[0].length;
        double[] mean = new double[f];
        for (double[] row : x) {
            for (int j = 0; j < f; j++) {
                mean[j] += row[j] / n;
            }
        }
        double[][] centred = new double[n][f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                centred[i][j] = x[i][j] - mean[j];
            }
        }
        RealMatrix v = new SingularValueDecomposition(new Array2DRowRealMatrix(centred, false)).getV();
        double[][] basis = new double[rank][];
        for (int k = 0; k < rank; k++) {
            double[] b = v.getColumn(k);
            int largest = 0;
            for (int j = 1; j < f; j++) {
                if (Math.abs(b[j]) > Math.abs(b[largest])) {
                    largest = j;
                }
            }
            if (b[largest] < 0) {
                for (int j = 0; j < f; j++) {
                    b[j] = -b[j];
                }
            }
            basis[k] = b;
        }
        LayerFactors unfitted = new LayerFactors(layer, FactorKind.PCA, basis, mean, Double.NaN);
        double[][] coefficients = new double[n][];
        for (int i = 0; i < n; i++) {
            coefficients[i] = multiply(basis, centred[i]);
        }
        return new LayerFactors(layer, FactorKind.PCA, basis, mean, relativeError(centred, coefficients, unfitted));
    }

    /**
     * NMF of max(X, 0) ≈ W·H (W n×r, H r×F, both ≥ 0) by Lee and Seung's multiplicative updates for
     * the Frobenius loss, {@code iterations} rounds, from a seeded uniform start of the scale
     * √(mean(X)/r) (scikit-learn's "random" init).
     */
    public static LayerFactors nmf(int layer, double[][] x, int rank, int iterations, long seed) {
        checkRank(rank, x.length, x[0].length);
        int n = x.length;
        int f = x[0].length;
        double[][] v = new double[n][f];
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                v[i][j] = Math.max(0, x[i][j]);
                total += v[i][j];
            }
        }
        double scale = Math.sqrt(Math.max(total / ((double) n * f), EPS) / rank);
        Random rnd = new Random(seed);
        double[][] w = new double[n][rank];
        double[][] h = new double[rank][f];
        for (double[] row : w) {
            for (int k = 0; k < rank; k++) {
                row[k] = scale * rnd.nextDouble();
            }
        }
        for (double[] row : h) {
            for (int j = 0; j < f; j++) {
                row[j] = scale * rnd.nextDouble();
            }
        }
        for (int it = 0; it < iterations; it++) {
            updateBasis(v, w, h);
            double[][] gram = gram(h);
            for (int i = 0; i < n; i++) {
                w[i] = update(gram, multiply(h, v[i]), w[i]);
            }
        }
        // Unit-norm basis rows (the scale moves into the coefficients), so factor sizes compare.
        for (int k = 0; k < rank; k++) {
            double norm = Math.sqrt(dot(h[k], h[k]));
            if (norm > 0) {
                for (int j = 0; j < f; j++) {
                    h[k][j] /= norm;
                }
                for (double[] row : w) {
                    row[k] *= norm;
                }
            }
        }
        LayerFactors fitted = new LayerFactors(layer, FactorKind.NMF, h, new double[f], Double.NaN);
        return new LayerFactors(layer, FactorKind.NMF, h, new double[f], relativeError(v, w, fitted));
    }

    /**
     * Non-negative least squares min ‖v − c·H‖ over c ≥ 0 for a fixed basis H (r × F), by the same
     * multiplicative updates (c ← c ⊙ (H·v) / (H·Hᵀ·c)), from c = 1.
     */
    static double[] nnls(double[][] basis, double[] v, int iterations) {
        double[][] gram = gram(basis);
        double[] c = new double[basis.length];
        java.util.Arrays.fill(c, 1.0);
        double[] numerator = multiply(basis, v); // H·v: the same every iteration
        for (int it = 0; it < iterations; it++) {
            c = update(gram, numerator, c);
        }
        return c;
    }

    /** One multiplicative update of a row's coefficients: c ⊙ (H·v) / (HHᵀ·c). */
    private static double[] update(double[][] gram, double[] numerator, double[] c) {
        double[] out = new double[c.length];
        for (int k = 0; k < c.length; k++) {
            out[k] = c[k] * numerator[k] / (dot(gram[k], c) + EPS);
        }
        return out;
    }

    /** H ← H ⊙ (Wᵀ·V) / (WᵀW·H). */
    private static void updateBasis(double[][] v, double[][] w, double[][] h) {
        int r = h.length;
        int f = h[0].length;
        double[][] numerator = new double[r][f];
        double[][] wtw = new double[r][r];
        for (int i = 0; i < v.length; i++) {
            for (int k = 0; k < r; k++) {
                double wik = w[i][k];
                if (wik != 0) {
                    for (int j = 0; j < f; j++) {
                        numerator[k][j] += wik * v[i][j];
                    }
                }
                for (int m = 0; m < r; m++) {
                    wtw[k][m] += wik * w[i][m];
                }
            }
        }
        for (int k = 0; k < r; k++) {
            double[] denominator = new double[f];
            for (int m = 0; m < r; m++) {
                for (int j = 0; j < f; j++) {
                    denominator[j] += wtw[k][m] * h[m][j];
                }
            }
            for (int j = 0; j < f; j++) {
                h[k][j] *= numerator[k][j] / (denominator[j] + EPS);
            }
        }
    }

    private static double[][] gram(double[][] h) {
        double[][] g = new double[h.length][h.length];
        for (int k = 0; k < h.length; k++) {
            for (int m = 0; m < h.length; m++) {
                g[k][m] = dot(h[k], h[m]);
            }
        }
        return g;
    }

    private static double[] multiply(double[][] h, double[] v) {
        double[] out = new double[h.length];
        for (int k = 0; k < h.length; k++) {
            out[k] = dot(h[k], v);
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

    /** ‖X − C·B‖_F / ‖X‖_F for the rows of X (centred for PCA, non-negative for NMF). */
    private static double relativeError(double[][] x, double[][] coefficients, LayerFactors factors) {
        double err = 0;
        double norm = 0;
        for (int i = 0; i < x.length; i++) {
            double[] fit = factors.combination(coefficients[i]);
            for (int j = 0; j < fit.length; j++) {
                err += (x[i][j] - fit[j]) * (x[i][j] - fit[j]);
                norm += x[i][j] * x[i][j];
            }
        }
        return norm == 0 ? 0 : Math.sqrt(err / norm);
    }
}
