package org.knlab.comparison;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.knlab.settings.NamedValues;

/** How a fact's k neurons are chosen on its selection prompts, each method by its own score. */
public enum SelectionMethod {
    /** Top k by integrated gradients (the authors' attribution), mean over the selection prompts. */
    IG("ig"),
    /**
     * Top k by integrated gradients on the first selection prompt only: the single-prompt KN that ROME's
     * and EasyEdit's comparisons run, against the authors' mean over paraphrases.
     */
    IG_ONE_PROMPT("ig-one-prompt"),
    /** Top k by the post-GELU activation at [MASK]. */
    ACTIVATION("activation"),
    /** Top k by gradient × activation at the clean point (attribution patching). */
    GRAD_X_ACT("grad-x-act"),
    /** Top k by the signed gradient ∂P(gold)/∂a. */
    GRADIENT("gradient"),
    /** k neurons drawn uniformly, seeded per fact. */
    RANDOM("random"),
    /** Greedy search by real ablations: the critic's "directly searching for neurons whose removal causes bad behavior". */
    CAUSAL_SEARCH("causal-search");

    private final String id;

    SelectionMethod(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static SelectionMethod parse(String id) {
        return NamedValues.parse(values(), SelectionMethod::id, id, "selection method", "methods");
    }
}
