package org.knlab.editing;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.knlab.settings.NamedValues;

/** Which way an edit goes, reported separately: the model's answer t on the edited prompt against the gold. */
public enum EditDirection {
    /** The authors' case: the model is right (t = gold) and is moved to another object of the relation. */
    CORRECT_TO_OTHER("correct-to-other"),
    /** The paper's showcased case: the model is wrong and is moved to the gold object. */
    INCORRECT_TO_GOLD("incorrect-to-gold"),
    /** Only for explicit edits: the model is wrong and is moved to yet another object. */
    INCORRECT_TO_OTHER("incorrect-to-other");

    private final String id;

    EditDirection(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static EditDirection parse(String id) {
        return NamedValues.parse(values(), EditDirection::id, id, "direction", "directions");
    }

    /** The direction of an edit from t to t′ of a fact whose answer is {@code gold}. */
    public static EditDirection of(int oldToken, int newToken, int gold) {
        return oldToken == gold ? CORRECT_TO_OTHER : newToken == gold ? INCORRECT_TO_GOLD : INCORRECT_TO_OTHER;
    }
}
