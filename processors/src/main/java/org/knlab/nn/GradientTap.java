package org.knlab.nn;

import ai.djl.ndarray.NDArray;

/**
 * Makes the activation at a hook point a leaf of the autograd graph, so that after
 * {@code GradientCollector.backward(y)} {@link #gradient()} is ∂y/∂activation. The forward pass
 * continues from the leaf, so values are unchanged; nothing upstream of the point gets gradients.
 */
public final class GradientTap implements ActivationHook {

    private NDArray leaf;

    @Override
    public NDArray apply(NDArray activation) {
        leaf = activation.stopGradient();
        leaf.setRequiresGradient(true);
        return leaf;
    }

    /** The activation the forward pass continued from. */
    public NDArray value() {
        if (leaf == null) {
            throw new IllegalStateException("the hook point was not reached");
        }
        return leaf;
    }

    public NDArray gradient() {
        return value().getGradient();
    }
}
