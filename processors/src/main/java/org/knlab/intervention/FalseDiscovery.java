package org.knlab.intervention;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Benjamini–Hochberg q-values for a family of tests (one per relation): with the m finite p-values
 * sorted ascending, q₍ᵢ₎ = min over j ≥ i of min(1, m·p₍ⱼ₎ / j); a relation is a discovery at false
 * discovery rate α when q ≤ α. A NaN p (no comparison) gets a NaN q and does not count in m.
 */
public final class FalseDiscovery {

    private FalseDiscovery() {}

    /**
     * q for each of {@code items}, each family (items of one {@code family} key) adjusted on its own;
     * items not {@code included} (e.g. a pooled row) get NaN.
     */
    public static <T> double[] byFamily(
            List<T> items, Function<T, String> family, ToDoubleFunction<T> p, Predicate<T> included) {
        double[] q = new double[items.size()];
        Arrays.fill(q, Double.NaN);
        Map<String, List<Integer>> families = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            if (included.test(items.get(i))) {
                families.computeIfAbsent(family.apply(items.get(i)), k -> new ArrayList<>())
                        .add(i);
            }
        }
        families.values().forEach(members -> {
            double[] fq = qValues(members.stream()
                    .mapToDouble(i -> p.applyAsDouble(items.get(i)))
                    .toArray());
            for (int k = 0; k < members.size(); k++) {
                q[members.get(k)] = fq[k];
            }
        });
        return q;
    }

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
