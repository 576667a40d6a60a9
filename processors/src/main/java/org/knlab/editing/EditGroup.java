package org.knlab.editing;

import com.fasterxml.jackson.annotation.JsonValue;

/** The prompts an edit is measured on. */
public enum EditGroup {
    /** The one prompt the edit was made on (efficacy). */
    EDITED("efficacy"),
    /** The fact's other prompts among those its neurons were chosen on (generalisation). */
    PARAPHRASE("paraphrase"),
    /** The fact's prompts kept out of the neuron choice (generalisation to held-out prompts). */
    HELD_OUT("heldOut"),
    /** All prompts of other facts of the same relation, answer neither t nor t′ (the authors' "intra"). */
    SAME_RELATION("sameRelation"),
    /** All prompts of facts of other relations (the authors' "inter"). */
    OTHER_RELATION("otherRelation"),
    /** All prompts of another fact whose answer is t, and of one whose answer is t′. */
    SAME_ANSWER("sameAnswer"),
    /** The inverse relation's prompts about t′, gold = the edited subject (symmetry, P36 ↔ P1376). */
    INVERSE("inverse"),
    /** Held-out sentences, every word piece masked in turn (fluency). */
    FLUENCY("fluency");

    private final String id;

    EditGroup(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }
}
