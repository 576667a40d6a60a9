package org.knlab.attribution;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.knlab.settings.NamedValues;

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

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static AttributionMethod parse(String id) {
        return NamedValues.parse(values(), AttributionMethod::id, id, "attribution method", "method");
    }
}
