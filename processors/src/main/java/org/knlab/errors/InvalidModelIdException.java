package org.knlab.errors;

/** The model id is not a well-formed name inside the model store (e.g. it escapes it). */
public final class InvalidModelIdException extends KnException {

    /** The model id is the request's {@code $.model}. */
    public InvalidModelIdException(String message) {
        super("invalid-model-id", "$.model", message);
    }
}
