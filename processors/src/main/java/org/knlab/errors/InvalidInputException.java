package org.knlab.errors;

/** A request's input is unusable (a text, a fact, a selection); {@link #field()} names which part. */
public class InvalidInputException extends KnException {

    public InvalidInputException(String field, String message) {
        super("invalid-input", field, message);
    }

    /** For kinds of invalid input with a code of their own. */
    protected InvalidInputException(String code, String field, String message) {
        super(code, field, message);
    }
}
