package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * Two results that hold the same tables: the same fields, texts, integers and booleans, and real
 * numbers equal to within float32 rounding (|a − b| ≤ 1e-6·max(|a|, |b|) + 1e-12).
 *
 * <p>Why not to the bit: two instances of the same weights in one JVM agree to the bit on almost every
 * pass, but the engine's CPU GEMM is not bit-reproducible between them. Seen in CI and here in one of
 * fifteen fresh runs: a KL of 3.3e-8 (a set whose pass changed nothing but the batch's rounding) moved
 * by 1.5e-12. A different setting, seed or fact selection moves the numbers by far more than this.
 */
final class SameTables {

    private SameTables() {}

    /** {@code what} names the compared part in a failure's message, with the path inside it. */
    static void assertSame(String what, JsonNode expected, JsonNode actual) {
        compare(what, expected, actual);
    }

    private static void compare(String path, JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber() && !(expected.isIntegralNumber() && actual.isIntegralNumber())) {
            double a = expected.doubleValue();
            double b = actual.doubleValue();
            double tolerance = 1e-6 * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
            assertTrue(Math.abs(a - b) <= tolerance, path + ": expected " + a + " but was " + b);
        } else if (expected.isObject() && actual.isObject()) {
            assertEquals(names(expected), names(actual), path + ": fields");
            expected.fieldNames().forEachRemaining(f -> compare(path + "." + f, expected.get(f), actual.get(f)));
        } else if (expected.isArray() && actual.isArray()) {
            assertEquals(expected.size(), actual.size(), path + ": length");
            for (int i = 0; i < expected.size(); i++) {
                compare(path + "[" + i + "]", expected.get(i), actual.get(i));
            }
        } else if (!expected.equals(actual)) {
            fail(path + ": expected " + expected + " but was " + actual);
        }
    }

    private static Set<String> names(JsonNode object) {
        Set<String> out = new TreeSet<>();
        Iterator<String> it = object.fieldNames();
        it.forEachRemaining(out::add);
        return out;
    }
}
