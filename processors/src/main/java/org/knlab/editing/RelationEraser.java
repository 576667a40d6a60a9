package org.knlab.editing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.knlab.attribution.Neuron;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.data.Seeds;
import org.knlab.errors.InvalidParameterException;
import org.knlab.experiments.ProgressListener;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.intervention.ControlSets;
import org.knlab.intervention.EvaluationSets;
import org.knlab.intervention.GradientScores;
import org.knlab.intervention.Intervention;
import org.knlab.intervention.InterventionKind;
import org.knlab.intervention.InterventionRunner;
import org.knlab.intervention.MaskActivations;
import org.knlab.intervention.PromptOutcome;
import org.knlab.neurons.NeuronSet;
import org.knlab.nn.LanguageModel;

/**
 * Erases a relation as the authors did (7_erase_knowledge.py): the k (layer, neuron) pairs found most
 * often in the relation's knowledge-neuron sets get value slots of zero (their code) or the [UNK]
 * embedding (commented out there); against k matched random neurons, the k most-activated and the
 * k top-|∂p(gold)/∂a| neurons on the relation's prompts (same layers). Top-1 accuracy and cloze
 * perplexity exp(mean −log p(gold)) on the relation's and the other relations' prompts, before and after.
 */
public final class RelationEraser {

    /** Prompts whose activations and gradients choose the most-activated and top-gradient sets. */
    static final int SCORING_PROMPTS = 100;

    /** One erased set × slot value: accuracy and cloze perplexity on the relation and the others. */
    public record Row(
            String relation,
            String set,
            String slot,
            double relationAccuracyBefore,
            double relationAccuracyAfter,
            double relationPplBefore,
            double relationPplAfter,
            double otherAccuracyBefore,
            double otherAccuracyAfter,
            double otherPplBefore,
            double otherPplAfter) {

        /** (before − after) / before: the authors' printed accuracy drop. */
        public double relativeAccuracyDrop() {
            return (relationAccuracyBefore - relationAccuracyAfter) / relationAccuracyBefore;
        }
    }

    /** A relation's erased neurons, how many facts they were counted on, the prompts drawn, and its rows. */
    public record RelationResult(
            String relation,
            List<Neuron> neurons,
            int countedFacts,
            int relationPrompts,
            int otherPrompts,
            List<Row> rows) {}

    private final LanguageModel model;
    private final ParaRel pararel;
    private final EvaluationSets facts;

    public RelationEraser(LanguageModel model, ParaRel pararel) {
        this.model = model;
        this.pararel = pararel;
        this.facts = new EvaluationSets(pararel, model.tokenizer(), 0);
    }

    public List<RelationResult> run(
            List<NeuronSet> sets, EraseRelationSettings s, long seed, ProgressListener progress) {
        List<RelationResult> out = new ArrayList<>();
        for (int i = 0; i < s.relations().size(); i++) {
            String relation = s.relations().get(i);
            String field = "relations[" + i + "]";
            if (pararel.relation(relation).isEmpty()) {
                throw new InvalidParameterException(field, "unknown relation '" + relation + "'");
            }
            List<NeuronSet> own = s.factsPerRelation()
                    .draw(
                            sets.stream()
                                    .filter(x -> x.relation().equals(relation))
                                    .toList(),
                            Seeds.of(seed, relation));
            if (own.isEmpty()) {
                throw new InvalidParameterException(field, "no neuron sets for relation " + relation);
            }
            out.add(erase(relation, own, s, seed));
            progress.progress(i + 1, s.relations().size());
        }
        return out;
    }

    /** The k most frequent neurons of the sets (ties: lower layer, then index); k larger than the pool is an error. */
    public static List<Neuron> mostFrequent(List<NeuronSet> sets, int k) {
        Map<Neuron, Integer> counts = counts(sets);
        if (counts.size() < k) {
            throw new InvalidParameterException(
                    "k",
                    "k = " + k + " but the " + sets.size() + " neuron sets of relation "
                            + sets.get(0).relation() + " hold only " + counts.size() + " distinct neurons");
        }
        return counts.entrySet().stream()
                .sorted(Comparator.<Map.Entry<Neuron, Integer>>comparingInt(e -> -e.getValue())
                        .thenComparingInt(e -> e.getKey().layer())
                        .thenComparingInt(e -> e.getKey().index()))
                .limit(k)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** In how many of the sets each neuron is. */
    private static Map<Neuron, Integer> counts(List<NeuronSet> sets) {
        Map<Neuron, Integer> counts = new HashMap<>();
        sets.forEach(f -> new HashSet<>(f.neuronList()).forEach(n -> counts.merge(n, 1, Integer::sum)));
        return counts;
    }

    private RelationResult erase(String relation, List<NeuronSet> own, EraseRelationSettings s, long seed) {
        List<Neuron> neurons = mostFrequent(own, s.kFor(counts(own).size()));
        EvaluationSets.Prompts inRelation = prompts(facts.factsOf(relation), s.relationPrompts(), seed ^ 1);
        List<Fact> others = facts.relations().stream()
                .filter(r -> !r.equals(relation))
                .flatMap(r -> facts.factsOf(r).stream())
                .toList();
        EvaluationSets.Prompts outside = prompts(others, s.otherPrompts(), seed ^ 2);
        List<String> scoring = inRelation
                .prompts()
                .subList(0, Math.min(SCORING_PROMPTS, inRelation.prompts().size()));
        int[] scoringGold = java.util.Arrays.copyOf(inRelation.gold(), scoring.size());
        Map<String, List<Neuron>> variants = new LinkedHashMap<>();
        variants.put("knowledge-neurons", neurons);
        List<List<Neuron>> random = ControlSets.matchedRandom(
                neurons, model.config().intermediateSize(), s.controls(), Seeds.of(seed, relation));
        for (int j = 0; j < random.size(); j++) {
            variants.put("random-" + (j + 1), random.get(j));
        }
        variants.put(
                "most-activated",
                ControlSets.topScoring(
                        neurons, MaskActivations.of(model, scoring).meanByNeuron()));
        variants.put(
                "top-gradient",
                ControlSets.topScoring(neurons, GradientScores.meanAbsolute(model, scoring, scoringGold, seed)));
        List<String> names = List.copyOf(variants.keySet());
        List<List<Neuron>> sets = List.copyOf(variants.values());
        // The [UNK]-embedding erasure needs an unknown-word token, which byte-level vocabularies (GPT-2, Llama 3) lack.
        List<Intervention> slots = model.tokenizer().unknownTokenId().isPresent()
                ? List.of(
                        Intervention.valueSlot(InterventionKind.ZERO_SLOT),
                        Intervention.valueSlot(InterventionKind.UNK_SLOT))
                : List.of(Intervention.valueSlot(InterventionKind.ZERO_SLOT));
        List<List<List<PromptOutcome>>> rel = evaluate(inRelation, slots, sets, s.maxRows());
        List<List<List<PromptOutcome>>> oth = evaluate(outside, slots, sets, s.maxRows());
        List<Row> rows = new ArrayList<>();
        for (int v = 0; v < slots.size(); v++) {
            for (int j = 0; j < names.size(); j++) {
                double[] r = accuracyAndPerplexity(rel.get(v).get(j));
                double[] o = accuracyAndPerplexity(oth.get(v).get(j));
                rows.add(new Row(
                        relation,
                        names.get(j),
                        slots.get(v).kind().id(),
                        r[0],
                        r[1],
                        r[2],
                        r[3],
                        o[0],
                        o[1],
                        o[2],
                        o[3]));
            }
        }
        return new RelationResult(
                relation,
                neurons,
                own.size(),
                inRelation.prompts().size(),
                outside.prompts().size(),
                rows);
    }

    /** Outcomes per intervention, set and prompt, the prompts taken {@code maxRows} at a time. */
    private List<List<List<PromptOutcome>>> evaluate(
            EvaluationSets.Prompts prompts, List<Intervention> slots, List<List<Neuron>> sets, int maxRows) {
        InterventionRunner runner = new InterventionRunner(model, maxRows);
        List<List<List<PromptOutcome>>> out = new ArrayList<>();
        slots.forEach(x -> out.add(new ArrayList<>(sets.stream()
                .map(y -> (List<PromptOutcome>) new ArrayList<PromptOutcome>())
                .toList())));
        for (int first = 0; first < prompts.prompts().size(); first += maxRows) {
            int end = Math.min(prompts.prompts().size(), first + maxRows);
            ClozeBatch batch =
                    ClozeBatch.of(model.tokenizer(), prompts.prompts().subList(first, end));
            int[] gold = java.util.Arrays.copyOfRange(prompts.gold(), first, end);
            List<List<List<PromptOutcome>>> part = runner.run(batch, gold, slots, sets);
            for (int v = 0; v < slots.size(); v++) {
                for (int j = 0; j < sets.size(); j++) {
                    out.get(v).get(j).addAll(part.get(v).get(j));
                }
            }
        }
        return out;
    }

    /** accuracy before, after; cloze perplexity before, after. */
    private static double[] accuracyAndPerplexity(List<PromptOutcome> rows) {
        return new double[] {
            rows.stream().mapToDouble(o -> o.correctBefore() ? 1 : 0).average().orElse(Double.NaN),
            rows.stream().mapToDouble(o -> o.correctAfter() ? 1 : 0).average().orElse(Double.NaN),
            Math.exp(-rows.stream()
                    .mapToDouble(PromptOutcome::logProbBefore)
                    .average()
                    .orElse(Double.NaN)),
            Math.exp(-rows.stream()
                    .mapToDouble(PromptOutcome::logProbAfter)
                    .average()
                    .orElse(Double.NaN))
        };
    }

    /** A seeded sample of {@code count} prompts of the facts (each fact's prompts, pooled). */
    private EvaluationSets.Prompts prompts(List<Fact> pool, int count, long seed) {
        List<String> texts = new ArrayList<>();
        List<Integer> gold = new ArrayList<>();
        List<String> uuids = new ArrayList<>();
        for (Fact f : pool) {
            EvaluationSets.Prompts p = facts.ofFact(f, null);
            texts.addAll(p.prompts());
            for (int g : p.gold()) {
                gold.add(g);
                uuids.add(f.uuid());
            }
        }
        List<Integer> order =
                new ArrayList<>(IntStream.range(0, texts.size()).boxed().toList());
        java.util.Collections.shuffle(order, new Random(seed));
        List<Integer> chosen = order.subList(0, Math.min(count, order.size()));
        return new EvaluationSets.Prompts(
                chosen.stream().map(texts::get).toList(),
                chosen.stream().mapToInt(gold::get).toArray(),
                chosen.stream().map(uuids::get).distinct().toList());
    }
}
