package org.knlab.attribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.experiments.ProgressListener;
import org.knlab.nn.BertModel;

/**
 * Knowledge neurons for ParaRel facts: attribute every prompt, keep each prompt's coarse set,
 * tune p per relation (authors' rule), refine per fact on its selection prompts (all, or a seeded
 * subset when some are held out for later tests), and summarise the whole set.
 */
public final class KnowledgeNeuronFinder {

    public record FactNeurons(String uuid, String relation, String object, List<KnowledgeNeuron> neurons,
            List<Integer> selectionPrompts, List<Integer> heldOutPrompts, double promptShare) {}

    public record Result(List<FactNeurons> facts, Map<String, Double> promptShareByRelation,
            NeuronSetStatistics statistics) {}

    private final BertModel model;
    private final ParaRel pararel;

    public KnowledgeNeuronFinder(BertModel model, ParaRel pararel) {
        this.model = model;
        this.pararel = pararel;
    }

    public Result run(List<Fact> facts, AttributionOptions options, RefinementRule rule, double heldOut, long seed,
            ProgressListener progress) {
        Attributor attributor = new Attributor(model);
        Map<Fact, HeldOutSplit> splits = new LinkedHashMap<>();
        Map<Fact, List<Map<Neuron, Float>>> coarse = new LinkedHashMap<>();
        Map<String, List<List<Map<Neuron, Float>>>> byRelation = new LinkedHashMap<>();
        for (Fact f : facts) {
            List<String> prompts = pararel.prompts(f);
            HeldOutSplit split = HeldOutSplit.of(prompts.size(), heldOut, seed ^ f.uuid().hashCode());
            List<String> chosen = split.selection().stream().map(prompts::get).toList();
            int gold = model.tokenizer().singleTokenId(f.object(), "object");
            List<Map<Neuron, Float>> sets = new ArrayList<>();
            for (AttributionResult r : attributor.attribute(chosen, gold, options, ProgressListener.NONE)) {
                sets.add(Refinement.coarse(r.scores(), rule));
            }
            splits.put(f, split);
            coarse.put(f, sets);
            byRelation.computeIfAbsent(f.relation(), k -> new ArrayList<>()).add(sets);
            progress.progress(coarse.size(), facts.size());
        }
        Map<String, RefinementRule> tuned = new LinkedHashMap<>();
        byRelation.forEach((relation, sets) -> tuned.put(relation, Refinement.tune(sets, rule)));
        List<FactNeurons> out = new ArrayList<>();
        Map<String, String> relationOf = new LinkedHashMap<>();
        Map<String, List<KnowledgeNeuron>> neuronsOf = new LinkedHashMap<>();
        for (Fact f : facts) {
            RefinementRule r = tuned.get(f.relation());
            List<KnowledgeNeuron> neurons = Refinement.refine(coarse.get(f), r);
            HeldOutSplit split = splits.get(f);
            out.add(new FactNeurons(f.uuid(), f.relation(), f.object(), neurons, split.selection(), split.heldOut(),
                    r.promptShare()));
            relationOf.put(f.uuid(), f.relation());
            neuronsOf.put(f.uuid(), neurons);
        }
        Map<String, Double> shares = new LinkedHashMap<>();
        tuned.forEach((relation, r) -> shares.put(relation, r.promptShare()));
        return new Result(out, shares, NeuronSetStatistics.of(relationOf, neuronsOf, model.config().numLayers(), seed));
    }
}
