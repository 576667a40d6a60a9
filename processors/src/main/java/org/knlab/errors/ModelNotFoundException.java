package org.knlab.errors;

/** The model id names nothing in the model store (or a required file of it is missing). */
public final class ModelNotFoundException extends KnException {

    /** The model id is the request's {@code $.model}. */
    public ModelNotFoundException(String message) {
        super("model-not-found", "$.model", message);
    }
}
