package org.knlab.errors;

/** The message is empty, not JSON, not exactly one JSON object, or has content after it. */
public final class MalformedJsonException extends KnException {

    public MalformedJsonException(String field, String message) {
        super("malformed-json", field, message);
    }
}
