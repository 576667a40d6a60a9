package org.knlab.attribution;

import java.util.Arrays;
import org.knlab.errors.InvalidParameterException;

/** How neurons are scored; all give one score per (layer, neuron) at [MASK]. */
public enum AttributionMethod {
    /** Integrated gradients, baseline 0 (Dai et al.). */
    IG("ig"),
    /** The raw post-GELU activation: the paper's baseline. */
    ACTIVATION("activation"),
    /** Gradient × activation at the clean point (attribution patching): one forward, one backward. */
    GRAD_X_ACT("grad-x-act"),
    /** The plain gradient ∂P(gold)/∂a. */
    GRADIENT("gradient"),
    /** Seeded uniform noise: what any method must beat. */
    RANDOM("random");

    private final String id;

    AttributionMethod(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static AttributionMethod parse(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst().orElseThrow(() ->
                new InvalidParameterException("method", "unknown attribution method '" + id + "'; use one of "
                        + Arrays.stream(values()).map(AttributionMethod::id).toList()));
    }
}
