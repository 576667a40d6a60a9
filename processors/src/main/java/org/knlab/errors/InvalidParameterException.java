package org.knlab.errors;

/** A step parameter (or CLI option) is out of range or unknown; the field is the parameter's name. */
public final class InvalidParameterException extends InvalidInputException {

    public InvalidParameterException(String field, String message) {
        super("invalid-parameter", field, message);
    }
}
