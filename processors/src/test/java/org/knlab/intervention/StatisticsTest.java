package org.knlab.intervention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Permutation p-values and bootstrap intervals on synthetic cases with known answers. */
class StatisticsTest {

    @Test
    void anEffectBeyondEveryControlGetsTheSmallestPossibleP() {
        double[] controls = new double[99];
        for (int i = 0; i < controls.length; i++) {
            controls[i] = i + 1;
        }
        ControlComparison far = ControlComparison.of(100, controls);
        assertEquals(0.01, far.p(), 1e-12);
        assertEquals(50, far.controlMean(), 1e-12);
        assertEquals(Math.sqrt(99 * 100 / 12.0), far.controlSd(), 1e-9);
        assertEquals(50 / Math.sqrt(825), far.z(), 1e-9);
        assertEquals(1.0, ControlComparison.of(50, controls).p(), 1e-12);
        // |c − 50| ≥ 40 for c in 1..10 and 90..99: 20 controls.
        assertEquals(21 / 100.0, ControlComparison.of(90, controls).p(), 1e-12);
        controls[3] = Double.NaN;
        assertTrue(Double.isNaN(ControlComparison.of(100, controls).p()), "an unmeasured control: no p");
        assertTrue(
                Double.isNaN(
                        ControlComparison.of(Double.NaN, new double[] {1, 2}).p()),
                "an unmeasured effect");
    }

    @Test
    void underTheNullPValuesAreCalibrated() {
        Random rnd = new Random(7);
        int trials = 2000;
        int rejected = 0;
        for (int t = 0; t < trials; t++) {
            double[] controls = new double[99];
            for (int i = 0; i < controls.length; i++) {
                controls[i] = rnd.nextGaussian();
            }
            if (ControlComparison.of(rnd.nextGaussian(), controls).p() <= 0.05) {
                rejected++;
            }
        }
        double rate = (double) rejected / trials;
        assertTrue(rate > 0.03 && rate < 0.07, "rejection rate at 0.05 under the null: " + rate);
    }

    @Test
    void bootstrapIntervalOfAMeanMatchesTheNormalTheory() {
        Random rnd = new Random(3);
        List<Double> xs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            xs.add(2 + rnd.nextGaussian());
        }
        double mean = xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        Bootstrap.Interval ci = Bootstrap.interval(xs, BootstrapMean::of, 2000, 0.95, 11);
        assertEquals(mean - 1.96 / 20, ci.low(), 0.02);
        assertEquals(mean + 1.96 / 20, ci.high(), 0.02);
        assertEquals(ci, Bootstrap.interval(xs, BootstrapMean::of, 2000, 0.95, 11), "same seed, same interval");
    }

    @Test
    void bootstrapIntervalsCoverTheTrueMeanAboutAsOftenAsStated() {
        Random rnd = new Random(5);
        int covered = 0;
        int trials = 200;
        for (int t = 0; t < trials; t++) {
            List<Double> xs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                xs.add(rnd.nextGaussian());
            }
            Bootstrap.Interval ci = Bootstrap.interval(xs, BootstrapMean::of, 500, 0.9, t);
            if (ci.low() <= 0 && 0 <= ci.high()) {
                covered++;
            }
        }
        double coverage = (double) covered / trials;
        assertTrue(coverage > 0.83 && coverage < 0.96, "coverage of a 90% interval: " + coverage);
    }

    private static final class BootstrapMean {
        static double of(List<Double> xs) {
            return xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        }
    }
}
