package org.knlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** binary16 conversions against the format's own constants, and every binary16 value round-tripping. */
class Float16Test {

    @Test
    void knownValues() {
        assertEquals((short) 0x3c00, Float16.fromFloat(1f));
        assertEquals((short) 0xc000, Float16.fromFloat(-2f));
        assertEquals((short) 0x7bff, Float16.fromFloat(65504f), "the largest finite");
        assertEquals((short) 0x7c00, Float16.fromFloat(65520f), "rounds up past the largest: infinity");
        assertEquals((short) 0x0001, Float16.fromFloat(0x1p-24f), "the smallest subnormal");
        assertEquals((short) 0x0000, Float16.fromFloat(0x1p-26f), "below half of it: zero");
        assertEquals((short) 0x3c00, Float16.fromFloat(1f + 0x1p-11f), "a tie rounds to even (down)");
        assertEquals((short) 0x3c02, Float16.fromFloat(1f + 3 * 0x1p-11f), "a tie rounds to even (up)");
        assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(Float.NaN))));
    }

    @Test
    void everyHalfRoundTrips() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = Float16.toFloat((short) bits);
            if (!Float.isNaN(f)) {
                assertEquals((short) bits, Float16.fromFloat(f), Integer.toHexString(bits));
            }
        }
    }

    @Test
    void roundingIsToTheNearest() {
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < 100_000; i++) {
            float x = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(9) - 5));
            float h = Float16.toFloat(Float16.fromFloat(x));
            // no binary16 value lies strictly closer to x than the one chosen
            short bits = Float16.fromFloat(x);
            for (int step : new int[] {-1, 1}) {
                float neighbour = Float16.toFloat((short) (bits + step));
                if (!Float.isNaN(neighbour)
                        && !Float.isInfinite(neighbour)
                        && Math.signum(neighbour) == Math.signum(h)) {
                    assertTrue(Math.abs(neighbour - x) >= Math.abs(h - x), x + " → " + h + " but " + neighbour);
                }
            }
        }
    }
}
