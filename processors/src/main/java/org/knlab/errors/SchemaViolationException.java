package org.knlab.errors;

/** The request breaks its JSON Schema; the field is the first violation's path. */
public final class SchemaViolationException extends KnException {

    public SchemaViolationException(String field, String message) {
        super("schema-violation", field, message);
    }
}
