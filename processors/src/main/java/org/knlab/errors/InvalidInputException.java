package org.knlab.errors;

/** A request's input is unusable; {@link #field()} names which part of it. */
public final class InvalidInputException extends KnException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    @Override
    public String code() {
        return "invalid-input";
    }
}
