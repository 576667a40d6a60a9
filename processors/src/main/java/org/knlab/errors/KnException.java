package org.knlab.errors;

/**
 * A failure the user can act on: bad input, a missing or broken model. Each subtype has a stable
 * {@link #code()} so that the platform can put it in an error event without parsing messages, and
 * most name the {@link #field()} at fault.
 *
 * <p>Field convention: a field starting with {@code $} is an absolute JSON path in the request
 * ({@code $.model}, {@code $.steps[1].input}); any other field is relative to the current step's
 * {@code params} (a library does not know which step it runs in; the platform adds that).
 */
public abstract class KnException extends RuntimeException {

    private final String code;
    private String field;

    protected KnException(String code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    protected KnException(String code, String field, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.field = field;
    }

    /** A short, stable, machine-readable reason, e.g. {@code model-not-found} (README: error codes). */
    public final String code() {
        return code;
    }

    /** Where the fault is (see the class comment for the convention), or null when no single place is. */
    public String field() {
        return field;
    }

    /**
     * The same error placed at another field, for a caller that knows where the input came from
     * (e.g. which prompt of the request a text was). Returns this exception, to be rethrown.
     */
    public KnException at(String field) {
        this.field = field;
        return this;
    }
}
