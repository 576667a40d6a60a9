package org.knlab.intervention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Against R's p.adjust(p, "BH"). */
class FalseDiscoveryTest {

    @Test
    void equalsRsPAdjustBh() {
        // p.adjust(c(0.01, 0.04, 0.03, 0.2, NA), "BH"): 0.04 0.0533 0.0533 0.2 NA
        assertArrayEquals(
                new double[] {0.04, 0.16 / 3, 0.16 / 3, 0.2, Double.NaN},
                FalseDiscovery.qValues(new double[] {0.01, 0.04, 0.03, 0.2, Double.NaN}),
                1e-12);
        // p.adjust(c(0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205), "BH")
        assertArrayEquals(
                new double[] {0.008, 0.032, 0.0672, 0.0672, 0.0672, 0.08, 0.08457142857142857, 0.205},
                FalseDiscovery.qValues(new double[] {0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205}),
                1e-12);
    }
}
