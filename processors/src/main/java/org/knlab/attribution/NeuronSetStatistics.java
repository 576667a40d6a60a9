package org.knlab.attribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * What a critic asks of a set of knowledge neurons: how many per fact, in which layers, how much
 * facts of the same relation share versus facts of different relations, and which neurons are
 * hubs present in many facts (EleutherAI's published set has one neuron in 24% of all facts).
 */
public record NeuronSetStatistics(
        int facts,
        int factsWithNeurons,
        double meanPerFact,
        double medianPerFact,
        int minPerFact,
        int maxPerFact,
        int distinctNeurons,
        double[] layerShare,
        double meanOverlapWithinRelation,
        double meanOverlapAcrossRelations,
        List<Hub> hubs) {

    /** A neuron and the facts (and their relations) it appears in. */
    public record Hub(int layer, int index, int facts, double shareOfFacts, Set<String> relations) {}

    static final int PAIR_SAMPLE = 2000;
    static final int HUBS = 10;

    /**
     * @param relationOf each fact id's relation
     * @param neuronsOf each fact id's knowledge neurons
     */
    public static NeuronSetStatistics of(
            Map<String, String> relationOf, Map<String, List<KnowledgeNeuron>> neuronsOf, int layers, long seed) {
        DescriptiveStatistics sizes = new DescriptiveStatistics();
        double[] layerCounts = new double[layers];
        Map<Neuron, Set<String>> factsOfNeuron = new TreeMap<>();
        Map<String, Set<Neuron>> sets = new LinkedHashMap<>();
        for (Map.Entry<String, List<KnowledgeNeuron>> e : neuronsOf.entrySet()) {
            sizes.addValue(e.getValue().size());
            Set<Neuron> set = new HashSet<>();
            for (KnowledgeNeuron k : e.getValue()) {
                layerCounts[k.layer()]++;
                set.add(k.neuron());
                factsOfNeuron.computeIfAbsent(k.neuron(), n -> new TreeSet<>()).add(e.getKey());
            }
            sets.put(e.getKey(), set);
        }
        double total = Arrays.stream(layerCounts).sum();
        double[] layerShare =
                Arrays.stream(layerCounts).map(c -> total == 0 ? 0 : c / total).toArray();
        List<String> ids = new ArrayList<>(sets.keySet());
        Random rnd = new Random(seed);
        DescriptiveStatistics within = new DescriptiveStatistics();
        DescriptiveStatistics across = new DescriptiveStatistics();
        if (ids.size() > 1) {
            for (int s = 0; s < PAIR_SAMPLE; s++) {
                String a = ids.get(rnd.nextInt(ids.size()));
                String b = ids.get(rnd.nextInt(ids.size()));
                if (a.equals(b)) {
                    continue;
                }
                Set<Neuron> shared = new HashSet<>(sets.get(a));
                shared.retainAll(sets.get(b));
                (relationOf.get(a).equals(relationOf.get(b)) ? within : across).addValue(shared.size());
            }
        }
        List<Hub> hubs = factsOfNeuron.entrySet().stream()
                .sorted((x, y) ->
                        Integer.compare(y.getValue().size(), x.getValue().size()))
                .limit(HUBS)
                .map(e -> new Hub(
                        e.getKey().layer(),
                        e.getKey().index(),
                        e.getValue().size(),
                        (double) e.getValue().size() / Math.max(1, neuronsOf.size()),
                        new TreeSet<>(e.getValue().stream().map(relationOf::get).toList())))
                .toList();
        return new NeuronSetStatistics(
                neuronsOf.size(),
                (int) neuronsOf.values().stream().filter(l -> !l.isEmpty()).count(),
                nanToZero(sizes.getMean()),
                nanToZero(sizes.getPercentile(50)),
                (int) nanToZero(sizes.getMin()),
                (int) nanToZero(sizes.getMax()),
                factsOfNeuron.size(),
                layerShare,
                nanToZero(within.getMean()),
                nanToZero(across.getMean()),
                hubs);
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
