package org.knlab.errors;

/** The model id is not a well-formed name inside the model store (e.g. it escapes it). */
public final class InvalidModelIdException extends KnException {

    public InvalidModelIdException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "invalid-model-id";
    }
}
