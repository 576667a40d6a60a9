package org.knlab.errors;

/** The request is larger than a configured limit (message size, steps, prompts). */
public final class LimitExceededException extends KnException {

    public LimitExceededException(String field, String message) {
        super("limit-exceeded", field, message);
    }
}
