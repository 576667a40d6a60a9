package org.knlab.nn;

import ai.djl.ndarray.NDArray;
import java.util.Optional;

/** Sees the activation at a hook point and returns the value the forward pass continues with. */
@FunctionalInterface
public interface ActivationHook {
    NDArray apply(NDArray activation);

    /**
     * This hook for a block computed at one position per row — row r's position {@code positions[r]},
     * at index 0 of the activation it then sees — or empty when it cannot tell, and the block is
     * computed at every position.
     */
    default Optional<ActivationHook> atPositions(int[] positions) {
        return Optional.empty();
    }
}
