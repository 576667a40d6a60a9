package org.knlab.factors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A layer's units other than its neurons — factors of a factorisation ({@link LayerFactors}) or the
 * features of a sparse autoencoder ({@link SaeLayer}): r unit directions b_k of width F, and each
 * prompt's coefficients c(a), so that a = offset + Σ_k c_k b_k with the offset what the units do not
 * carry. Removing unit k changes a by −c_k b_k.
 */
public interface LayerBasis {

    int layer();

    FactorKind kind();

    /** Number of units r. */
    int rank();

    /** The layer's width F. */
    int width();

    /** ‖X − X̂‖_F / ‖X‖_F on the relation's sample (how much of the activations the units carry). */
    double relativeError();

    /** Unit k's direction b_k (width F). */
    double[] row(int k);

    /** The directions as an [r, F] array in {@code scope}, or one the basis holds (read it, do not close it). */
    NDArray basis(NDManager scope);

    /** The coefficients of prompts' activations [n, F] → [n, r], in the activations' scope. */
    NDArray coefficients(NDArray activations);

    /** The coefficients of prompts' activations, [prompt][unit]. */
    double[][] coefficients(float[][] activations);
}
