package org.knlab.routes;

/**
 * A message the platform will not run, with a stable code and the field at fault. It becomes a
 * {@code failed} event and a dead-letter record; the consumer carries on.
 */
public final class RejectedMessageException extends RuntimeException {

    private final String code;
    private final String field;

    public RejectedMessageException(String code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
