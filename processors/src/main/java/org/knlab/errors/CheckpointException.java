package org.knlab.errors;

/** A checkpoint exists but cannot be used: corrupt, truncated, wrong shapes, unknown architecture. */
public final class CheckpointException extends KnException {

    /** The model id is the request's {@code $.model}. */
    public CheckpointException(String message) {
        super("invalid-checkpoint", "$.model", message);
    }

    public CheckpointException(String message, Throwable cause) {
        super("invalid-checkpoint", "$.model", message, cause);
    }
}
