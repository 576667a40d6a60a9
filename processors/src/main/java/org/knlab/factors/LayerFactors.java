package org.knlab.factors;

import org.knlab.errors.InvalidParameterException;

/**
 * A layer's factors: r basis rows of width F ({@code basis[k]}), the centre μ (PCA; zeros for NMF),
 * and how well they fit the sample they came from ({@code relativeError} = ‖X − X̂‖_F / ‖X‖_F, of
 * max(X, 0) for NMF, of X − μ for PCA). A prompt's activation a is split as
 * a = μ + Σ_k c_k b_k + residual; interventions change c and keep the residual.
 */
public record LayerFactors(int layer, FactorKind kind, double[][] basis, double[] mean, double relativeError) {

    /** NNLS iterations of a new prompt's NMF coefficients (multiplicative updates on the fixed basis). */
    static final int NNLS_ITERATIONS = 500;

    public int rank() {
        return basis.length;
    }

    public int width() {
        return mean.length;
    }

    /**
     * A prompt's coefficients: for PCA the projection (a − μ)·bₖ (B orthonormal); for NMF the
     * non-negative least squares fit of max(a, 0) on the fixed basis.
     */
    public double[] coefficients(float[] activation) {
        if (activation.length != width()) {
            throw new InvalidParameterException(
                    "activation", "activation has width " + activation.length + ", the factors " + width());
        }
        return kind == FactorKind.PCA
                ? project(activation)
                : Factorizer.nnls(basis, positivePart(activation), NNLS_ITERATIONS);
    }

    /** Σ_k c_k b_k, width F. */
    public double[] combination(double[] coefficients) {
        double[] out = new double[width()];
        for (int k = 0; k < rank(); k++) {
            for (int j = 0; j < out.length; j++) {
                out[j] += coefficients[k] * basis[k][j];
            }
        }
        return out;
    }

    private double[] project(float[] a) {
        double[] c = new double[rank()];
        for (int k = 0; k < rank(); k++) {
            for (int j = 0; j < a.length; j++) {
                c[k] += (a[j] - mean[j]) * basis[k][j];
            }
        }
        return c;
    }

    private static double[] positivePart(float[] a) {
        double[] out = new double[a.length];
        for (int j = 0; j < a.length; j++) {
            out[j] = Math.max(0, a[j]);
        }
        return out;
    }
}
