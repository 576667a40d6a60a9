package org.knlab.nn;

import ai.djl.ndarray.NDArray;

/**
 * Adds a zero leaf of the autograd graph to the activation at a hook point, so that after
 * {@code GradientCollector.backward(y)} {@link #gradient()} is ∂y/∂activation. Values are
 * unchanged, and the graph through the activation is kept, so several taps (one per layer) each
 * get their full gradient in one backward pass.
 */
public final class GradientTap implements ActivationHook {

    private NDArray leaf;
    private NDArray value;

    @Override
    public NDArray apply(NDArray activation) {
        leaf = activation.zerosLike();
        leaf.setRequiresGradient(true);
        value = activation.add(leaf);
        return value;
    }

    /** The activation the forward pass continued from. */
    public NDArray value() {
        if (value == null) {
            throw new IllegalStateException("the hook point was not reached");
        }
        return value;
    }

    public NDArray gradient() {
        value();
        return leaf.getGradient();
    }
}
