package org.knlab.evidence;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.knlab.settings.NamedValues;

/**
 * The kinds of prompt the activation evidence compares, all with [MASK] where an object goes (as in
 * the authors' distant check, whose sentences mask the tail) except {@link #OBJECT_WRITTEN}.
 */
public enum PromptKind {
    /** The fact's own prompts: subject and relation. */
    OWN("own"),
    /** Templates of other relations filled with the same subject: subject present, relation absent. */
    SUBJECT_ONLY("subject-only"),
    /** The fact's templates with another subject of the relation: relation present, subject absent. */
    RELATION_ONLY("relation-only"),
    /** The fact's templates with the relation's words removed: the subject, [MASK] and the final stop. */
    RELATION_REMOVED("relation-removed"),
    /** The fact's templates with their tokens shuffled (the subject and [MASK] move as units). */
    SHUFFLED("shuffled"),
    /** The authors' confound: the fact's prompt with the object written in and another word masked. */
    OBJECT_WRITTEN("object-written");

    private final String id;

    PromptKind(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static PromptKind parse(String id) {
        return NamedValues.parse(values(), PromptKind::id, id, "prompt kind", "kinds");
    }
}
