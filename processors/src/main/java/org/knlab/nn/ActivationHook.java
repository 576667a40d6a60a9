package org.knlab.nn;

import ai.djl.ndarray.NDArray;

/** Sees the activation at a hook point and returns the value the forward pass continues with. */
@FunctionalInterface
public interface ActivationHook {
    NDArray apply(NDArray activation);
}
