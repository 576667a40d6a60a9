package org.knlab.intervention;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Benjamini–Hochberg q-values for a family of tests (one per relation): with the m finite p-values
 * sorted ascending, q₍ᵢ₎ = min over j ≥ i of min(1, m·p₍ⱼ₎ / j); a relation is a discovery at false
 * discovery rate α when q ≤ α. A NaN p (no comparison) gets a NaN q and does not count in m.
 */
public final class FalseDiscovery {

    private FalseDiscovery() {}

    public static double[] qValues(double[] p) {
        double[] q = new double[p.length];
        Arrays.fill(q, Double.NaN);
        Integer[] order = IntStream.range(0, p.length)
                .filter(i -> !Double.isNaN(p[i]))
                .boxed()
                .sorted(Comparator.comparingDouble(i -> p[i]))
                .toArray(Integer[]::new);
        int m = order.length;
        double running = 1;
        for (int rank = m; rank >= 1; rank--) {
            int i = order[rank - 1];
            running = Math.min(running, Math.min(1, m * p[i] / rank));
            q[i] = running;
        }
        return q;
    }
}
