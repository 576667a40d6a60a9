package org.knlab.factors;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.knlab.settings.NamedValues;

/** How a layer's activations at [MASK] are factorised. */
public enum FactorKind {
    /**
     * Non-negative matrix factorisation of max(a, 0): GELU's small negative part (≥ −0.17) is left
     * out of the factors and stays in the residual a − c·B, which no factor intervention touches.
     */
    NMF("nmf"),
    /** Principal components of the centred activations: a = μ + c·B + residual, B orthonormal. */
    PCA("pca"),
    /**
     * The features of a TopK sparse autoencoder trained by {@code train-sae} on many relations' prompts
     * (not fitted per relation): decoder rows as directions, codes as coefficients.
     */
    SAE("sae");

    private final String id;

    FactorKind(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static FactorKind parse(String id) {
        return NamedValues.parse(values(), FactorKind::id, id, "factorisation", "factorisation");
    }
}
