package org.knlab.neurons;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.knlab.attribution.Neuron;
import org.knlab.errors.InvalidParameterException;
import org.knlab.model.ModelIdentity;

/**
 * How often each neuron turns up in a population of facts' neuron sets: its share is the fraction of
 * the population's facts whose set holds it. Hubs are the neurons of high share (in EleutherAI's
 * published sets one neuron is in 24% of the facts). Kept with where the population came from and
 * the model its sets were found on, since indices of another model's neurons mean nothing here.
 *
 * @param source what the population is: {@code own} (the step's own sets) or the sets' provenance source
 * @param counts facts holding each neuron (neurons in no set are absent)
 */
public record NeuronFrequency(String source, String model, String modelSha256, int facts, Map<Neuron, Integer> counts) {

    /** A neuron of high share, for the record. */
    public record Hub(int layer, int index, int facts, double share) {}

    /**
     * What a result records of the table: its source and size, the hub threshold, the share of the
     * population's facts holding at least one hub, and the hubs by share.
     */
    public record Summary(
            String source,
            String model,
            int facts,
            int distinctNeurons,
            double hubThreshold,
            double factsWithHub,
            List<Hub> hubs) {}

    public NeuronFrequency {
        counts = Map.copyOf(counts);
    }

    /** The table of {@code population}, each neuron counted once per fact. */
    public static NeuronFrequency of(NeuronSets population, String source) {
        Map<Neuron, Integer> counts = new HashMap<>();
        population
                .sets()
                .forEach(s -> s.neuronList().stream().distinct().forEach(n -> counts.merge(n, 1, Integer::sum)));
        Provenance p = population.provenance();
        return new NeuronFrequency(
                source, p.model(), p.modelSha256(), population.sets().size(), counts);
    }

    /** Share of the population's facts whose set holds {@code n} (0 when it is in none). */
    public double share(Neuron n) {
        return facts == 0 ? 0 : counts.getOrDefault(n, 0) / (double) facts;
    }

    /** The neurons of share above {@code threshold}, by share descending then position. */
    public List<Neuron> above(double threshold) {
        return counts.keySet().stream()
                .filter(n -> share(n) > threshold)
                .sorted(Comparator.comparingInt((Neuron n) -> -counts.get(n)).thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    public Summary summary(NeuronSets population, double hubThreshold) {
        List<Neuron> hubs = above(hubThreshold);
        long withHub = population.sets().stream()
                .filter(s -> s.neuronList().stream().anyMatch(n -> share(n) > hubThreshold))
                .count();
        return new Summary(
                source,
                model,
                facts,
                counts.size(),
                hubThreshold,
                population.sets().isEmpty()
                        ? 0
                        : withHub / (double) population.sets().size(),
                hubs.stream()
                        .map(n -> new Hub(n.layer(), n.index(), counts.get(n), share(n)))
                        .toList());
    }

    /**
     * Refuses a population found on another model than the one the experiment runs, naming
     * {@code field}; other weights under the same id are a warning of the population's
     * {@link NeuronSets#warnings}, as for the sets acted on.
     */
    public void requireModel(ModelIdentity running, String field) {
        if (model != null && !model.equals(running.id())) {
            throw new InvalidParameterException(
                    field,
                    "the frequency source's neuron sets were found on " + model + " but this experiment runs "
                            + running.id() + ": neuron frequencies of another model say nothing about this one's hubs");
        }
    }
}
