package org.knlab.errors;

/** The model id names nothing in the model store (or a required file of it is missing). */
public final class ModelNotFoundException extends KnException {

    public ModelNotFoundException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "model-not-found";
    }
}
