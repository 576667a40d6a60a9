package org.knlab.errors;

/** A step names a type this worker does not know. */
public final class UnknownStepTypeException extends KnException {

    public UnknownStepTypeException(String field, String message) {
        super("unknown-step-type", field, message);
    }
}
