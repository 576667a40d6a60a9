package org.knlab.errors;

/**
 * A failure the user can act on: bad input, a missing or broken model. Each subtype has a stable
 * {@link #code()} so that the platform can put it in an error event without parsing messages.
 */
public abstract class KnException extends RuntimeException {

    protected KnException(String message) {
        super(message);
    }

    protected KnException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A short, stable, machine-readable reason, e.g. {@code model-not-found}. */
    public abstract String code();
}
