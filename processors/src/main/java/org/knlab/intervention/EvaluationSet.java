package org.knlab.intervention;

import java.util.Arrays;
import org.knlab.errors.InvalidParameterException;

/** Which prompts an intervention on a fact's neurons is measured on. */
public enum EvaluationSet {
    /** The fact's prompts its neurons were chosen on (the authors' "related"). */
    OWN("own"),
    /** The fact's held-out prompts, not used to choose its neurons. */
    HELD_OUT("held-out"),
    /** Another fact of the same relation with a different answer. */
    SAME_RELATION("same-relation"),
    /** A fact of a uniformly drawn other relation (the authors' "unrelated"). */
    OTHER_RELATION("other-relation"),
    /** Another fact with the same gold answer (any relation). */
    SAME_GOLD("same-gold");

    private final String id;

    EvaluationSet(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static EvaluationSet parse(String id) {
        return Arrays.stream(values()).filter(e -> e.id.equals(id)).findFirst().orElseThrow(() ->
                new InvalidParameterException("evaluate", "unknown evaluation set '" + id + "'; use one of "
                        + Arrays.stream(values()).map(EvaluationSet::id).toList()));
    }
}
