package org.knlab.errors;

/** A checkpoint exists but cannot be used: corrupt, truncated, wrong shapes, unknown architecture. */
public final class CheckpointException extends KnException {

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "invalid-checkpoint";
    }
}
