package org.knlab.intervention;

import java.util.Arrays;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * An effect set against the same effect of N control neuron sets: the controls' mean and sd, a
 * z-score, and a two-sided Monte-Carlo permutation p-value, (1 + #{controls at least as far from the
 * control mean as the effect}) / (N + 1), which is never 0 and needs no normality. An effect or a
 * control that was not measured (NaN) makes z and p NaN: no comparison, rather than a p of 1/(N + 1).
 */
public record ControlComparison(double effect, int controls, double controlMean, double controlSd, double z, double p) {

    public static ControlComparison of(double effect, double[] controls) {
        if (Double.isNaN(effect) || Arrays.stream(controls).anyMatch(Double::isNaN)) {
            return new ControlComparison(effect, controls.length, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        DescriptiveStatistics s = new DescriptiveStatistics(controls);
        double mean = s.getMean();
        double sd = s.getStandardDeviation();
        double distance = Math.abs(effect - mean);
        int asFar = 0;
        for (double c : controls) {
            if (Math.abs(c - mean) >= distance) {
                asFar++;
            }
        }
        double z = sd > 0 ? (effect - mean) / sd : Double.NaN;
        return new ControlComparison(effect, controls.length, mean, sd, z, (1.0 + asFar) / (controls.length + 1.0));
    }
}
