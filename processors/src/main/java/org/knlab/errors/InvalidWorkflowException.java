package org.knlab.errors;

/** The steps do not fit together: a repeated step id, an input from a step that is not earlier or gives no facts. */
public final class InvalidWorkflowException extends KnException {

    public InvalidWorkflowException(String field, String message) {
        super("invalid-workflow", field, message);
    }
}
