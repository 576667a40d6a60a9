package org.knlab.intervention;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.knlab.settings.NamedValues;

/** What is done to a neuron set (docs/method.md, "Interventions"). */
public enum InterventionKind {
    /** Post-GELU activation at [MASK] set to 0 (the paper's "erase"/suppress). */
    SUPPRESS("suppress", false),
    /** Activation at [MASK] multiplied by k (the paper's "enhance", k = 2). */
    AMPLIFY("amplify", false),
    /** Activation at [MASK] replaced by the neuron's mean over a reference set of prompts. */
    MEAN_ABLATION("mean", false),
    /** Activation at [MASK] replaced by its value on another fact's prompt. */
    RESAMPLE("resample", false),
    /** Value vectors (FFN output columns) replaced by the [UNK] word embedding, at every position. */
    UNK_SLOT("unk-slot", true),
    /** Value vectors set to zero, at every position (the authors' relation eraser). */
    ZERO_SLOT("zero-slot", true);

    private final String id;
    private final boolean weightEdit;

    InterventionKind(String id, boolean weightEdit) {
        this.id = id;
        this.weightEdit = weightEdit;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** True when the intervention changes weights (one pass per neuron set) rather than activations. */
    public boolean weightEdit() {
        return weightEdit;
    }

    @JsonCreator
    public static InterventionKind parse(String id) {
        return NamedValues.parse(values(), InterventionKind::id, id, "intervention", "interventions");
    }
}
