package org.knlab.attribution;

import ai.djl.ndarray.NDArray;

/**
 * The coordinates integrated gradients scales from 0 at one layer's [MASK]: the FFN activations
 * themselves ({@link #NEURONS}, the authors') or, e.g., a factor basis's coefficients, with
 * a = offset + c·B. Completeness then reads Σ scores = P(gold | a) − P(gold | coordinates 0).
 */
public interface LayerCoordinates {

    /** The activations as their own coordinates. */
    LayerCoordinates NEURONS = new LayerCoordinates() {
        @Override
        public NDArray point(NDArray activations) {
            return activations;
        }

        @Override
        public NDArray activations(NDArray coordinates, NDArray point, NDArray activations, int copies) {
            return coordinates;
        }
    };

    /** The coordinates of the prompts' activations at [MASK] ([n, F] → [n, d]). */
    NDArray point(NDArray activations);

    /**
     * The activations at [MASK] for the given coordinates ([n·copies, d]; row i·copies + k belongs to
     * prompt i, whose own activations and coordinates are row i of {@code activations} and
     * {@code point}). Must be differentiable in {@code coordinates}.
     */
    NDArray activations(NDArray coordinates, NDArray point, NDArray activations, int copies);
}
