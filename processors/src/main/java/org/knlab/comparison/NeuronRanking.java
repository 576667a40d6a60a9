package org.knlab.comparison;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import org.knlab.attribution.Neuron;

/** A method's set at budget k: its top k neurons by score, or k uniform draws; always k distinct neurons. */
public final class NeuronRanking {

    private NeuronRanking() {}

    /** The k highest scores over all layers, best first; ties go to the lower (layer, index), so the order is total. */
    public static List<Neuron> top(float[][] scores, int k) {
        // A min-heap of the best k so far: 36,864 scores, k ≤ a few hundred.
        Comparator<Neuron> worseFirst = (a, b) -> {
            int c = Float.compare(scores[a.layer()][a.index()], scores[b.layer()][b.index()]);
            return c != 0 ? c : b.compareTo(a);
        };
        PriorityQueue<Neuron> heap = new PriorityQueue<>(worseFirst);
        for (int l = 0; l < scores.length; l++) {
            for (int i = 0; i < scores[l].length; i++) {
                heap.add(new Neuron(l, i));
                if (heap.size() > k) {
                    heap.poll();
                }
            }
        }
        List<Neuron> out = new ArrayList<>(heap);
        out.sort(worseFirst.reversed());
        return List.copyOf(out);
    }

    /** k distinct neurons drawn uniformly from all layers. */
    public static List<Neuron> random(int layers, int width, int k, long seed) {
        Random rnd = new Random(seed);
        Set<Neuron> seen = new HashSet<>();
        List<Neuron> out = new ArrayList<>(k);
        while (out.size() < k) {
            Neuron n = new Neuron(rnd.nextInt(layers), rnd.nextInt(width));
            if (seen.add(n)) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }

    /** |a ∩ b| / |a ∪ b| (1 for two empty sets). */
    public static double jaccard(List<Neuron> a, List<Neuron> b) {
        Set<Neuron> union = new HashSet<>(a);
        union.addAll(b);
        Set<Neuron> both = new HashSet<>(a);
        both.retainAll(b);
        return union.isEmpty() ? 1 : (double) both.size() / union.size();
    }
}
