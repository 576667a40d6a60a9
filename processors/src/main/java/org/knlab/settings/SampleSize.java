package org.knlab.settings;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.knlab.errors.InvalidInputException;

/** A seeded sample's size: a count, or {@code "all"} (count null). In JSON a positive integer or "all". */
public record SampleSize(Integer count) {

    public static final SampleSize ALL = new SampleSize(null);

    /** From JSON or a command-line value; {@code field} names the parameter in errors. */
    public static SampleSize parse(Object value, String field) {
        if (value instanceof Integer i && i >= 1) {
            return new SampleSize(i);
        }
        String text = String.valueOf(value);
        if (text.equals("all")) {
            return ALL;
        }
        if (text.matches("[1-9][0-9]{0,8}")) {
            return new SampleSize(Integer.parseInt(text));
        }
        throw new InvalidInputException(field, field + " must be a positive integer or \"all\", got " + value);
    }

    /** Jackson's way in: a bad value fails as a mapping error, which names the parameter by its path. */
    @JsonCreator
    static SampleSize fromJson(Object value) {
        if (!(value instanceof Integer) && !"all".equals(value)) {
            throw new IllegalArgumentException("a positive integer or \"all\"");
        }
        return parse(value, "");
    }

    @JsonValue
    public Object json() {
        return count == null ? "all" : count;
    }

    /** The first {@code count} of a seeded shuffle of the items (all of them, shuffled, for "all"). */
    public <T> List<T> draw(List<T> items, long seed) {
        List<T> shuffled = new ArrayList<>(items);
        Collections.shuffle(shuffled, new Random(seed));
        return count == null || count >= shuffled.size() ? shuffled : shuffled.subList(0, count);
    }

    @Override
    public String toString() {
        return String.valueOf(json());
    }
}
