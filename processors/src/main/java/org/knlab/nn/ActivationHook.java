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

    /**
     * Whether the hook may keep the activation it sees, or an array made from it, past its call (a
     * capture, a cache, a gradient read later): then its block's arrays live as long as the pass
     * ({@link BlockScope}). Hooks that only return a changed activation say false.
     */
    default boolean keepsActivations() {
        return true;
    }
}
