package org.knlab.attribution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.data.Seeds;
import org.knlab.experiments.ProgressListener;
import org.knlab.neurons.NeuronSet;
import org.knlab.neurons.NeuronSets;
import org.knlab.neurons.Provenance;
import org.knlab.nn.LanguageModel;
import org.knlab.nn.NeuronSite;

/**
 * Knowledge neurons for ParaRel facts: attribute every prompt, keep each prompt's coarse set,
 * tune p per relation (authors' rule), refine per fact on its selection prompts (all, or a seeded
 * subset when some are held out for later tests), and summarise the whole set.
 */
public final class KnowledgeNeuronFinder {

    /** A fact to find neurons for: an id, its relation (the unit of p-tuning), gold answer and prompts. */
    public record FactPrompts(String id, String relation, String object, List<String> prompts) {

        public static FactPrompts of(Fact f, ParaRel pararel) {
            return new FactPrompts(f.uuid(), f.relation(), f.object(), pararel.prompts(f));
        }
    }

    /** The sets (provenance: method, parameters and model; the caller adds the data selection), p per relation, statistics. */
    public record Result(NeuronSets sets, Map<String, Double> promptShareByRelation, NeuronSetStatistics statistics) {

        public List<NeuronSet> facts() {
            return sets.sets();
        }
    }

    private final LanguageModel model;

    public KnowledgeNeuronFinder(LanguageModel model) {
        this.model = model;
    }

    /** Told each fact's attribution results on its selection prompts, and the seconds they took. */
    @FunctionalInterface
    public interface ScoreSink {
        void scores(FactPrompts fact, HeldOutSplit split, List<AttributionResult> results, double seconds);

        ScoreSink NONE = (fact, split, results, seconds) -> {};
    }

    public Result run(
            List<FactPrompts> facts, KnowledgeNeuronsSettings settings, long seed, ProgressListener progress) {
        return run(facts, settings, seed, progress, ScoreSink.NONE);
    }

    /** As {@link #run(List, KnowledgeNeuronsSettings, long, ProgressListener)}, handing each fact's scores to {@code sink}. */
    public Result run(
            List<FactPrompts> facts,
            KnowledgeNeuronsSettings settings,
            long seed,
            ProgressListener progress,
            ScoreSink sink) {
        List<FactScores> scores = new ArrayList<>();
        for (FactPrompts f : facts) {
            scores.add(attribute(f, settings, seed, sink));
            progress.progress(scores.size(), facts.size());
        }
        return refine(scores, settings, seed);
    }

    /**
     * One fact's share of the work, which needs no other fact: its held-out split (seeded by the
     * seed and the fact id) and the coarse set of each selection prompt. A shard runs this.
     */
    public FactScores attribute(FactPrompts f, KnowledgeNeuronsSettings settings, long seed, ScoreSink sink) {
        AttributionOptions options = settings.attribution().options(seed);
        List<String> prompts = f.prompts();
        HeldOutSplit split = HeldOutSplit.of(prompts.size(), settings.heldOut(), Seeds.of(seed, f.id()));
        if (settings.refinementRule().onePrompt()) {
            split = split.firstSelectionPromptOnly();
        }
        List<String> chosen = split.selection().stream().map(prompts::get).toList();
        int gold = model.tokenizer().singleTokenId(f.object(), "object");
        long start = System.nanoTime();
        List<AttributionResult> results = new Attributor(model).attribute(chosen, gold, options, ProgressListener.NONE);
        sink.scores(f, split, results, (System.nanoTime() - start) / 1e9);
        List<List<ScoredNeuron>> coarse = new ArrayList<>();
        for (AttributionResult r : results) {
            coarse.add(ScoredNeuron.listOf(Refinement.coarse(r.scores(), settings.refinementRule())));
        }
        return new FactScores(f, split, coarse);
    }

    /**
     * The join over every fact's {@link FactScores}, in the order given: p tuned per relation
     * (the authors' rule needs all facts of a relation), each fact's set refined, the statistics.
     */
    public Result refine(List<FactScores> facts, KnowledgeNeuronsSettings settings, long seed) {
        AttributionOptions options = settings.attribution().options(seed);
        List<List<Map<Neuron, Float>>> coarse =
                facts.stream().map(FactScores::coarseSets).toList();
        Map<String, List<List<Map<Neuron, Float>>>> byRelation = new LinkedHashMap<>();
        for (int i = 0; i < facts.size(); i++) {
            byRelation
                    .computeIfAbsent(facts.get(i).fact().relation(), k -> new ArrayList<>())
                    .add(coarse.get(i));
        }
        Map<String, RefinementRule> tuned = new LinkedHashMap<>();
        byRelation.forEach((relation, sets) -> tuned.put(relation, Refinement.tune(sets, settings.refinementRule())));
        List<NeuronSet> out = new ArrayList<>();
        Map<String, String> relationOf = new LinkedHashMap<>();
        Map<String, List<KnowledgeNeuron>> neuronsOf = new LinkedHashMap<>();
        for (int i = 0; i < facts.size(); i++) {
            FactScores f = facts.get(i);
            FactPrompts fact = f.fact();
            RefinementRule r = tuned.get(fact.relation());
            List<KnowledgeNeuron> neurons = Refinement.refine(coarse.get(i), r);
            out.add(new NeuronSet(
                    fact.id(),
                    fact.relation(),
                    fact.object(),
                    neurons,
                    f.split().selection(),
                    f.split().heldOut(),
                    r.promptShare()));
            relationOf.put(fact.id(), fact.relation());
            neuronsOf.put(fact.id(), neurons);
        }
        Map<String, Double> shares = new LinkedHashMap<>();
        tuned.forEach((relation, r) -> shares.put(relation, r.promptShare()));
        ObjectNode parameters = AttributionSettings.parameters(settings, options)
                .put(NeuronSite.FIELD, model.neuronSite().hookName());
        Provenance provenance = new Provenance(
                Provenance.FOUND,
                options.method().id(),
                parameters,
                model.identity().id(),
                model.identity().sha256(),
                null);
        return new Result(
                new NeuronSets(provenance, out, List.of()),
                shares,
                NeuronSetStatistics.of(relationOf, neuronsOf, model.config().numLayers(), seed));
    }

    /** A neuron of a prompt's coarse set and its score: the plain-JSON form of one map entry. */
    public record ScoredNeuron(int layer, int index, float score) {

        static List<ScoredNeuron> listOf(Map<Neuron, Float> coarse) {
            return coarse.entrySet().stream()
                    .map(e -> new ScoredNeuron(e.getKey().layer(), e.getKey().index(), e.getValue()))
                    .toList();
        }
    }

    /** One fact's attribution before p is tuned: its split and each selection prompt's coarse set (in neuron order). */
    public record FactScores(FactPrompts fact, HeldOutSplit split, List<List<ScoredNeuron>> coarse) {

        public FactScores {
            coarse = coarse.stream().map(List::copyOf).toList();
        }

        List<Map<Neuron, Float>> coarseSets() {
            List<Map<Neuron, Float>> sets = new ArrayList<>();
            for (List<ScoredNeuron> prompt : coarse) {
                Map<Neuron, Float> set = new TreeMap<>();
                prompt.forEach(n -> set.put(new Neuron(n.layer(), n.index()), n.score()));
                sets.add(set);
            }
            return sets;
        }
    }
}
