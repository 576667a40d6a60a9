package org.knlab.intervention;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/** Percentile bootstrap confidence intervals over units (facts), seeded. */
public final class Bootstrap {

    public static final int DEFAULT_RESAMPLES = 1000;

    /** A two-sided interval at the given level. */
    public record Interval(double low, double high, double level, int resamples) {}

    private Bootstrap() {}

    public static <T> Interval interval(
            List<T> units, ToDoubleFunction<List<T>> statistic, int resamples, double level, long seed) {
        if (units.isEmpty()) {
            return new Interval(Double.NaN, Double.NaN, level, resamples);
        }
        Random rnd = new Random(seed);
        double[] stats = new double[resamples];
        List<T> sample = new ArrayList<>(units.size());
        for (int b = 0; b < resamples; b++) {
            sample.clear();
            for (int i = 0; i < units.size(); i++) {
                sample.add(units.get(rnd.nextInt(units.size())));
            }
            stats[b] = statistic.applyAsDouble(sample);
        }
        Percentile percentile = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        percentile.setData(stats);
        double tail = (1 - level) / 2 * 100;
        return new Interval(percentile.evaluate(tail), percentile.evaluate(100 - tail), level, resamples);
    }
}
