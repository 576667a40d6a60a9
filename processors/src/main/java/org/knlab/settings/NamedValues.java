package org.knlab.settings;

import java.util.Arrays;
import java.util.function.Function;
import org.knlab.errors.InvalidParameterException;

/** Parameter values that are one of a fixed set of ids (an enum with an {@code id()}). */
public final class NamedValues {

    private NamedValues() {}

    /**
     * The value whose id is {@code id}, or an error naming the parameter and the ids it takes.
     *
     * @param what  how the error calls a value, e.g. "intervention"
     * @param field the parameter, e.g. "interventions"
     */
    public static <E> E parse(E[] values, Function<E, String> idOf, String id, String what, String field) {
        return Arrays.stream(values)
                .filter(v -> idOf.apply(v).equals(id))
                .findFirst()
                .orElseThrow(() -> new InvalidParameterException(
                        field,
                        "unknown " + what + " '" + id + "'; use one of "
                                + Arrays.stream(values).map(idOf).toList()));
    }
}
