package org.knlab.factors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.knlab.attribution.LayerCoordinates;

/**
 * A layer's factor coefficients as the coordinates of integrated gradients: a = offset + c·B with
 * offset = a − c(a)·B — for PCA the centre and the part outside the factors, for NMF GELU's negative
 * part and the fit's residual — so scaling c from 0 moves only the factors' part of a, and the
 * completeness reads Σ_k IG_k = P(gold | a) − P(gold | offset).
 */
public record FactorCoordinates(LayerFactors factors) implements LayerCoordinates {

    @Override
    public NDArray point(NDArray activations) {
        int n = (int) activations.getShape().get(0);
        int width = factors.width();
        float[] flat = activations.toFloatArray();
        float[] out = new float[n * factors.rank()];
        for (int i = 0; i < n; i++) {
            double[] c = factors.coefficients(java.util.Arrays.copyOfRange(flat, i * width, (i + 1) * width));
            for (int k = 0; k < c.length; k++) {
                out[i * c.length + k] = (float) c[k];
            }
        }
        return activations.getManager().create(out, new Shape(n, factors.rank()));
    }

    @Override
    public NDArray activations(NDArray coordinates, NDArray point, NDArray activations, int copies) {
        NDArray basis = basis(activations.getManager());
        NDArray offset = activations.sub(point.matMul(basis));
        return offset.repeat(0, copies).add(coordinates.matMul(basis));
    }

    /** The basis as an [r, F] array in the given scope. */
    public NDArray basis(NDManager scope) {
        float[] flat = new float[factors.rank() * factors.width()];
        for (int k = 0; k < factors.rank(); k++) {
            for (int j = 0; j < factors.width(); j++) {
                flat[k * factors.width() + j] = (float) factors.basis()[k][j];
            }
        }
        return scope.create(flat, new Shape(factors.rank(), factors.width()));
    }
}
