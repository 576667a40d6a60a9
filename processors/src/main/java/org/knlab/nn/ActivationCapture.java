package org.knlab.nn;

import ai.djl.ndarray.NDArray;

/** Records the activation it sees (read it before the forward pass's scope is closed). */
public final class ActivationCapture implements ActivationHook {

    private NDArray value;

    @Override
    public NDArray apply(NDArray activation) {
        value = activation;
        return activation;
    }

    public NDArray value() {
        if (value == null) {
            throw new IllegalStateException("the hook point was not reached");
        }
        return value;
    }
}
