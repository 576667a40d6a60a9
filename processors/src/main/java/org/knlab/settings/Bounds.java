package org.knlab.settings;

import java.util.List;
import java.util.Objects;
import org.knlab.errors.InvalidParameterException;

/** A parameter's default when absent, and its range: the helpers every settings record's constructor uses. */
public final class Bounds {

    private Bounds() {}

    public static int intIn(String name, Integer value, int defaultValue, int min, int max) {
        int v = value == null ? defaultValue : value;
        if (v < min || v > max) {
            throw new InvalidParameterException(
                    name, name + " must be an integer in [" + min + ", " + max + "], got " + v);
        }
        return v;
    }

    public static double numberIn(String name, Double value, double defaultValue, double min, double max) {
        double v = value == null ? defaultValue : value;
        if (!(v >= min && v <= max)) {
            throw new InvalidParameterException(
                    name, name + " must be a number in [" + min + ", " + max + "], got " + v);
        }
        return v;
    }

    public static <T> List<T> nonEmpty(String name, List<T> value, List<T> defaultValue) {
        List<T> v = value == null ? defaultValue : value;
        if (v.isEmpty() || v.stream().anyMatch(Objects::isNull)) {
            throw new InvalidParameterException(name, name + " must be a non-empty array without nulls");
        }
        return List.copyOf(v);
    }

    public static <T> T orDefault(T value, T defaultValue) {
        return value == null ? defaultValue : value;
    }
}
