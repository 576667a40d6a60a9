package org.knlab.schemas;

/** One way a message breaks its schema: where (a JSON path such as {@code $.steps[0].type}) and what. */
public record Violation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
