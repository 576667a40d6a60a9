package org.knlab.intervention;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.knlab.attribution.Neuron;
import org.knlab.data.Seeds;
import org.knlab.neurons.NeuronFrequency;
import org.knlab.neurons.NeuronSet;
import org.knlab.neurons.NeuronSets;

/**
 * Controls for a knowledge-neuron set made of hubs. A random set of the same layers is a weak control
 * when the set's neurons are ones that many facts share: "the fact's neurons matter more than random
 * ones" may only say "hub neurons matter". So each fact also gets
 * <ul>
 *   <li>hub-matched sets: as many neurons per (layer, frequency band) as the set, drawn without
 *       replacement from that layer's neurons of the same band outside the set — for a set of hubs,
 *       other facts' hubs of the same layer;
 *   <li>the hub-free set: the set minus its neurons above the hub threshold, to say how much of the
 *       effect the hubs carry.
 * </ul>
 * Matching is exact or not at all: when a layer has fewer neurons of some band outside the set than
 * the set holds, the fact gets no hub-matched sets (counted, not approximated).
 */
public final class HubControls {

    /**
     * A fact's hub-aware sets.
     *
     * @param matched hub-matched sets (empty when none were asked for or no exact match exists)
     * @param hubFree the set without its hubs (null when not asked for)
     * @param hubs the set's hubs, by position
     */
    public record FactHubs(List<List<Neuron>> matched, List<Neuron> hubFree, List<Neuron> hubs) {}

    /**
     * What a result records of its hub-aware sets: the frequency table's summary, the bands, and how
     * many of the facts held a hub and how many got an exact hub-matched control.
     */
    public record Report(
            NeuronFrequency.Summary frequency,
            List<Double> frequencyBands,
            int hubControls,
            int facts,
            int factsWithHub,
            int factsWithHubMatch) {}

    private record LayerBand(int layer, int band) implements Comparable<LayerBand> {
        @Override
        public int compareTo(LayerBand o) {
            return layer != o.layer ? Integer.compare(layer, o.layer) : Integer.compare(band, o.band);
        }
    }

    /** Keeps the hub-matched draws apart from the matched random sets drawn from the same fact seed. */
    private static final long SALT = 0x4855_4253L;

    private final NeuronFrequency frequency;
    private final HubSettings settings;
    private final int width;
    /** Neurons of each (layer, band > 0), by index: the candidates of positive share. */
    private final Map<LayerBand, List<Integer>> pools = new TreeMap<>();
    /** Neurons of positive share per layer, to tell the band-0 candidates by elimination. */
    private final Map<Integer, Integer> seenPerLayer = new TreeMap<>();

    /**
     * @param width neurons per layer
     */
    public HubControls(NeuronFrequency frequency, HubSettings settings, int width) {
        this.frequency = frequency;
        this.settings = settings;
        this.width = width;
        frequency.counts().keySet().stream().sorted().forEach(n -> {
            pools.computeIfAbsent(new LayerBand(n.layer(), band(n)), k -> new ArrayList<>())
                    .add(n.index());
            seenPerLayer.merge(n.layer(), 1, Integer::sum);
        });
    }

    /**
     * Each fact's hub-aware sets, drawn from a seed per fact; none when the settings ask for none.
     */
    public Map<String, FactHubs> forFacts(List<NeuronSet> facts, long seed) {
        Map<String, FactHubs> out = new LinkedHashMap<>();
        if (settings.enabled()) {
            facts.forEach(f -> out.put(f.uuid(), of(f.neuronList(), Seeds.of(seed, f.uuid(), SALT))));
        }
        return out;
    }

    /** The record of {@code hubs}, drawn for the facts of {@code population}'s table. */
    public Report report(NeuronSets population, Map<String, FactHubs> hubs) {
        return new Report(
                frequency.summary(population, settings.hubThreshold()),
                settings.frequencyBands(),
                settings.hubControls(),
                hubs.size(),
                (int) hubs.values().stream().filter(h -> !h.hubs().isEmpty()).count(),
                (int) hubs.values().stream().filter(h -> !h.matched().isEmpty()).count());
    }

    /** 0 for a neuron in no set, else 1 + the number of band edges below its share. */
    public int band(Neuron n) {
        double share = frequency.share(n);
        if (share == 0) {
            return 0;
        }
        int band = 1;
        for (double edge : settings.frequencyBands()) {
            if (share > edge) {
                band++;
            }
        }
        return band;
    }

    public boolean isHub(Neuron n) {
        return frequency.share(n) > settings.hubThreshold();
    }

    /** The fact's hub-aware sets, every draw from {@code seed} (one per fact). */
    public FactHubs of(List<Neuron> set, long seed) {
        List<Neuron> hubs = set.stream().filter(this::isHub).sorted().toList();
        List<Neuron> hubFree =
                settings.hubFree() ? set.stream().filter(n -> !isHub(n)).toList() : null;
        Map<LayerBand, Integer> needed = new TreeMap<>();
        set.forEach(n -> needed.merge(new LayerBand(n.layer(), band(n)), 1, Integer::sum));
        Set<Neuron> excluded = new HashSet<>(set);
        boolean matchable = needed.entrySet().stream().allMatch(e -> available(e.getKey(), excluded) >= e.getValue());
        List<List<Neuron>> matched = new ArrayList<>();
        if (matchable) {
            Random rnd = new Random(seed);
            for (int c = 0; c < settings.hubControls(); c++) {
                List<Neuron> control = new ArrayList<>(set.size());
                needed.forEach((lb, k) -> control.addAll(draw(lb, k, excluded, rnd)));
                matched.add(List.copyOf(control));
            }
        }
        return new FactHubs(List.copyOf(matched), hubFree, hubs);
    }

    /** Candidates of the layer and band outside {@code excluded}. */
    private int available(LayerBand lb, Set<Neuron> excluded) {
        long inSet = excluded.stream()
                .filter(n -> n.layer() == lb.layer() && band(n) == lb.band())
                .count();
        int all = lb.band() == 0
                ? width - seenPerLayer.getOrDefault(lb.layer(), 0)
                : pools.getOrDefault(lb, List.of()).size();
        return (int) (all - inSet);
    }

    /** {@code k} distinct neurons of the layer and band outside {@code excluded}, uniformly. */
    private List<Neuron> draw(LayerBand lb, int k, Set<Neuron> excluded, Random rnd) {
        List<Neuron> out = new ArrayList<>(k);
        if (lb.band() == 0) {
            Set<Integer> chosen = new HashSet<>();
            // most of a layer is in no set: rejection sampling, as for matched random sets
            while (out.size() < k) {
                Neuron n = new Neuron(lb.layer(), rnd.nextInt(width));
                if (band(n) == 0 && !excluded.contains(n) && chosen.add(n.index())) {
                    out.add(n);
                }
            }
            return out;
        }
        List<Integer> candidates = new ArrayList<>(pools.get(lb));
        candidates.removeIf(i -> excluded.contains(new Neuron(lb.layer(), i)));
        // a partial Fisher–Yates shuffle: the first k are a uniform draw without replacement
        for (int i = 0; i < k; i++) {
            int j = i + rnd.nextInt(candidates.size() - i);
            int pick = candidates.get(j);
            candidates.set(j, candidates.get(i));
            candidates.set(i, pick);
            out.add(new Neuron(lb.layer(), pick));
        }
        return out;
    }
}
