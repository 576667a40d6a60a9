package org.knlab.routes;

/**
 * Where a {@link org.knlab.errors.KnException} points, as an absolute JSON path in the request: a
 * field starting with {@code $} already is one; any other is relative to the failing step's
 * {@code params} and becomes {@code $.steps[i].params.<field>} (the empty field: the params object).
 */
public final class FieldPath {

    private FieldPath() {}

    /** The absolute path; a relative field with no step to place it in stays as it is. */
    public static String absolute(String field, Integer stepIndex) {
        if (field == null || field.startsWith("$") || stepIndex == null) {
            return field;
        }
        String params = "$.steps[" + stepIndex + "].params";
        return field.isEmpty() ? params : params + "." + field;
    }
}
