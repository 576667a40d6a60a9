package org.knlab.factors;

import ai.djl.ndarray.NDArray;
import org.knlab.attribution.LayerCoordinates;

/**
 * A layer's unit coefficients (factors, SAE features) as the coordinates of integrated gradients:
 * a = offset + c·B with offset = a − c(a)·B — for PCA the centre and the part outside the factors, for
 * NMF GELU's negative part and the fit's residual, for an SAE its decoder bias and reconstruction error
 * — so scaling c from 0 moves only the units' part of a, and the completeness reads
 * Σ_k IG_k = P(gold | a) − P(gold | offset).
 */
public record FactorCoordinates(LayerBasis factors) implements LayerCoordinates {

    @Override
    public NDArray point(NDArray activations) {
        return factors.coefficients(activations);
    }

    @Override
    public NDArray activations(NDArray coordinates, NDArray point, NDArray activations, int copies) {
        NDArray basis = factors.basis(activations.getManager());
        NDArray offset = activations.sub(point.matMul(basis));
        return offset.repeat(0, copies).add(coordinates.matMul(basis));
    }
}
