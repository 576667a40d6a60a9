package org.knlab.intervention;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.knlab.attribution.Neuron;

/** Neuron sets to hold a knowledge-neuron set against. */
public final class ControlSets {

    private ControlSets() {}

    /**
     * {@code count} random sets, each with exactly as many neurons in each layer as {@code set},
     * drawn uniformly without replacement from that layer's neurons outside {@code set}.
     */
    public static List<List<Neuron>> matchedRandom(List<Neuron> set, int width, int count, long seed) {
        Map<Integer, Integer> perLayer = layerHistogram(set);
        Set<Neuron> excluded = new HashSet<>(set);
        Random rnd = new Random(seed);
        List<List<Neuron>> out = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            List<Neuron> control = new ArrayList<>(set.size());
            perLayer.forEach((layer, k) -> {
                Set<Integer> chosen = new HashSet<>();
                while (chosen.size() < k) {
                    Neuron n = new Neuron(layer, rnd.nextInt(width));
                    if (!excluded.contains(n) && chosen.add(n.index())) {
                        control.add(n);
                    }
                }
            });
            out.add(List.copyOf(control));
        }
        return out;
    }

    /**
     * The same layer histogram filled with the highest-scoring neurons outside {@code set} — with
     * |∂P/∂a| as scores, the "any high-gradient neuron does this" control.
     *
     * @param scores [layer][neuron], higher = stronger
     */
    public static List<Neuron> topScoring(List<Neuron> set, float[][] scores) {
        Set<Neuron> excluded = new HashSet<>(set);
        List<Neuron> out = new ArrayList<>();
        layerHistogram(set)
                .forEach((layer, k) -> IntStream.range(0, scores[layer].length)
                        .mapToObj(i -> new Neuron(layer, i))
                        .filter(n -> !excluded.contains(n))
                        .sorted(Comparator.comparingDouble((Neuron n) -> scores[layer][n.index()])
                                .reversed())
                        .limit(k)
                        .forEach(out::add));
        return List.copyOf(out);
    }

    /** Neurons per layer, by layer. */
    public static Map<Integer, Integer> layerHistogram(List<Neuron> set) {
        Map<Integer, Integer> h = new TreeMap<>();
        set.forEach(n -> h.merge(n.layer(), 1, Integer::sum));
        return h;
    }
}
