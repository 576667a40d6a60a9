package org.knlab.factors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.knlab.errors.InvalidParameterException;

/**
 * A layer's factors: r basis rows of width F ({@code basis[k]}), the centre μ (PCA; zeros for NMF),
 * and how well they fit the sample they came from ({@code relativeError} = ‖X − X̂‖_F / ‖X‖_F, of
 * max(X, 0) for NMF, of X − μ for PCA). A prompt's activation a is split as
 * a = μ + Σ_k c_k b_k + residual; interventions change c and keep the residual.
 */
public record LayerFactors(int layer, FactorKind kind, double[][] basis, double[] mean, double relativeError)
        implements LayerBasis {

    /** NNLS iterations of a new prompt's NMF coefficients (multiplicative updates on the fixed basis). */
    static final int NNLS_ITERATIONS = 500;

    @Override
    public int rank() {
        return basis.length;
    }

    @Override
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

    @Override
    public double[] row(int k) {
        return basis[k];
    }

    @Override
    public NDArray basis(NDManager scope) {
        float[] flat = new float[rank() * width()];
        for (int k = 0; k < rank(); k++) {
            for (int j = 0; j < width(); j++) {
                flat[k * width() + j] = (float) basis[k][j];
            }
        }
        return scope.create(flat, new Shape(rank(), width()));
    }

    @Override
    public NDArray coefficients(NDArray activations) {
        int n = (int) activations.getShape().get(0);
        float[] flat = activations.toFloatArray();
        float[] out = new float[n * rank()];
        for (int i = 0; i < n; i++) {
            double[] c = coefficients(Arrays.copyOfRange(flat, i * width(), (i + 1) * width()));
            for (int k = 0; k < c.length; k++) {
                out[i * c.length + k] = (float) c[k];
            }
        }
        return activations.getManager().create(out, new Shape(n, rank()));
    }

    @Override
    public double[][] coefficients(float[][] activations) {
        double[][] out = new double[activations.length][];
        for (int i = 0; i < activations.length; i++) {
            out[i] = coefficients(activations[i]);
        }
        return out;
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
