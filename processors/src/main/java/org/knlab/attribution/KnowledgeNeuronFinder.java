package org.knlab.attribution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.experiments.ProgressListener;
import org.knlab.neurons.NeuronSet;
import org.knlab.neurons.NeuronSets;
import org.knlab.neurons.Provenance;
import org.knlab.nn.BertModel;

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

    private final BertModel model;

    public KnowledgeNeuronFinder(BertModel model) {
        this.model = model;
    }

    /** Told each fact's attribution results on its selection prompts, and the seconds they took. */
    @FunctionalInterface
    public interface ScoreSink {
        void scores(FactPrompts fact, HeldOutSplit split, List<AttributionResult> results, double seconds);

        ScoreSink NONE = (fact, split, results, seconds) -> { };
    }

    public Result run(List<FactPrompts> facts, KnowledgeNeuronsSettings settings, long seed, ProgressListener progress) {
        return run(facts, settings, seed, progress, ScoreSink.NONE);
    }

    /** As {@link #run(List, KnowledgeNeuronsSettings, long, ProgressListener)}, handing each fact's scores to {@code sink}. */
    public Result run(List<FactPrompts> facts, KnowledgeNeuronsSettings settings, long seed, ProgressListener progress,
            ScoreSink sink) {
        AttributionOptions options = settings.attribution().options(seed);
        RefinementRule rule = settings.refinementRule();
        double heldOut = settings.heldOut();
        Attributor attributor = new Attributor(model);
        Map<FactPrompts, HeldOutSplit> splits = new LinkedHashMap<>();
        Map<FactPrompts, List<Map<Neuron, Float>>> coarse = new LinkedHashMap<>();
        Map<String, List<List<Map<Neuron, Float>>>> byRelation = new LinkedHashMap<>();
        for (FactPrompts f : facts) {
            List<String> prompts = f.prompts();
            HeldOutSplit split = HeldOutSplit.of(prompts.size(), heldOut, seed ^ f.id().hashCode());
            List<String> chosen = split.selection().stream().map(prompts::get).toList();
            int gold = model.tokenizer().singleTokenId(f.object(), "object");
            List<Map<Neuron, Float>> sets = new ArrayList<>();
            long start = System.nanoTime();
            List<AttributionResult> results = attributor.attribute(chosen, gold, options, ProgressListener.NONE);
            sink.scores(f, split, results, (System.nanoTime() - start) / 1e9);
            for (AttributionResult r : results) {
                sets.add(Refinement.coarse(r.scores(), rule));
            }
            splits.put(f, split);
            coarse.put(f, sets);
            byRelation.computeIfAbsent(f.relation(), k -> new ArrayList<>()).add(sets);
            progress.progress(coarse.size(), facts.size());
        }
        Map<String, RefinementRule> tuned = new LinkedHashMap<>();
        byRelation.forEach((relation, sets) -> tuned.put(relation, Refinement.tune(sets, rule)));
        List<NeuronSet> out = new ArrayList<>();
        Map<String, String> relationOf = new LinkedHashMap<>();
        Map<String, List<KnowledgeNeuron>> neuronsOf = new LinkedHashMap<>();
        for (FactPrompts f : facts) {
            RefinementRule r = tuned.get(f.relation());
            List<KnowledgeNeuron> neurons = Refinement.refine(coarse.get(f), r);
            HeldOutSplit split = splits.get(f);
            out.add(new NeuronSet(f.id(), f.relation(), f.object(), neurons, split.selection(), split.heldOut(),
                    r.promptShare()));
            relationOf.put(f.id(), f.relation());
            neuronsOf.put(f.id(), neurons);
        }
        Map<String, Double> shares = new LinkedHashMap<>();
        tuned.forEach((relation, r) -> shares.put(relation, r.promptShare()));
        ObjectNode parameters = AttributionSettings.parameters(settings, options);
        Provenance provenance = new Provenance(Provenance.FOUND, options.method().id(), parameters,
                model.identity().id(), model.identity().sha256(), null);
        return new Result(new NeuronSets(provenance, out, List.of()), shares,
                NeuronSetStatistics.of(relationOf, neuronsOf, model.config().numLayers(), seed));
    }
}
