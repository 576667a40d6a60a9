package org.knlab.comparison;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knlab.attribution.AttributionResult;
import org.knlab.attribution.Attributor;
import org.knlab.attribution.KnowledgeNeuronFinder;
import org.knlab.attribution.KnowledgeNeuronFinder.FactPrompts;
import org.knlab.attribution.Neuron;
import org.knlab.data.ParaRel;
import org.knlab.data.Seeds;
import org.knlab.errors.InvalidParameterException;
import org.knlab.experiments.ProgressListener;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.intervention.ControlSets;
import org.knlab.intervention.EvaluationSet;
import org.knlab.intervention.EvaluationSets;
import org.knlab.intervention.Intervention;
import org.knlab.intervention.InterventionRunner;
import org.knlab.intervention.PromptOutcome;
import org.knlab.neurons.NeuronSet;
import org.knlab.nn.LanguageModel;

/**
 * Does the attribution method matter? Per fact: the knowledge neurons (IG, the authors' refinement,
 * on the selection prompts) fix the fact's own budget; every method then picks exactly k neurons on
 * the same selection prompts, for k = that count and each k of the grid; each set is suppressed on
 * the held-out prompts (never used to choose) next to matched random controls, and on a
 * same-relation and an other-relation fact (specificity); plus the gradient check and each
 * method's cost. Facts without knowledge neurons are skipped and counted.
 */
public final class MethodComparison {

    /** The size label of each fact's own budget (its knowledge-neuron count). */
    public static final String OWN_SIZE = "kn";

    /** One method's k neurons on one fact and what suppressing them did. */
    public record SetResult(
            SelectionMethod method,
            String size,
            int k,
            List<Neuron> neurons,
            List<PromptOutcome> heldOut,
            List<PromptOutcome> sameRelation,
            List<PromptOutcome> otherRelation,
            List<List<PromptOutcome>> controls) {}

    /**
     * One fact: its knowledge-neuron count, the prompt split, the facts the specificity prompts came
     * from, every method's sets, the gradient check, seconds per method and the causal search's cost.
     */
    public record FactResult(
            String uuid,
            String relation,
            String object,
            int knowledgeNeurons,
            List<Integer> selectionPrompts,
            List<Integer> heldOutPrompts,
            List<String> specificityFacts,
            List<SetResult> sets,
            Map<String, GradientCheck.Point> gradientCheck,
            Map<SelectionMethod, Double> seconds,
            SearchCost search) {}

    /** Every fact's result, the facts skipped for having no knowledge neuron, and the tables. */
    public record Study(List<FactResult> facts, List<String> skippedFacts, ComparisonTables.Tables tables) {}

    private final LanguageModel model;
    private final ParaRel pararel;
    private final CompareMethodsSettings settings;
    private final long seed;
    private final InterventionRunner runner;
    private final EvaluationSets evaluationSets;

    public MethodComparison(LanguageModel model, ParaRel pararel, CompareMethodsSettings settings, long seed) {
        this.model = model;
        this.pararel = pararel;
        this.settings = settings;
        this.seed = seed;
        this.runner = new InterventionRunner(model, settings.maxRows());
        this.evaluationSets = new EvaluationSets(pararel, model.tokenizer(), seed);
    }

    /** {@link #run(List, ProgressListener, ComparisonJournal)} with nothing to resume from. */
    public Study run(List<FactPrompts> facts, ProgressListener progress) {
        return run(facts, progress, ComparisonJournal.none());
    }

    /**
     * Progress counts both passes over the facts: finding the knowledge neurons, then comparing. Facts
     * the journal holds are not compared again; the first pass is skipped only when it holds them all,
     * since the refinement's prompt share is tuned over each relation's facts together.
     */
    public Study run(List<FactPrompts> facts, ProgressListener progress, ComparisonJournal journal) {
        for (int i = 0; i < facts.size(); i++) {
            if (facts.get(i).prompts().size() < 2) {
                throw new InvalidParameterException(
                        "heldOut",
                        "fact " + facts.get(i).id() + " has "
                                + facts.get(i).prompts().size() + " prompt: nothing can be held out to evaluate on");
            }
        }
        Map<String, float[][]> igScores = new LinkedHashMap<>();
        Map<String, float[][]> igFirstPrompt = new LinkedHashMap<>();
        Map<String, Double> igSeconds = new LinkedHashMap<>();
        int total = 2 * facts.size();
        List<NeuronSet> found = journal.holdsAll(
                        facts.stream().map(FactPrompts::id).toList())
                ? null
                : new KnowledgeNeuronFinder(model)
                        .run(
                                facts,
                                settings.knowledgeNeurons(),
                                seed,
                                (done, all) -> progress.progress(done, total),
                                (fact, split, results, seconds) -> {
                                    igScores.put(
                                            fact.id(),
                                            mean(results.stream()
                                                    .map(AttributionResult::scores)
                                                    .toList()));
                                    igFirstPrompt.put(fact.id(), results.get(0).scores());
                                    igSeconds.put(fact.id(), seconds);
                                })
                        .facts();
        List<FactResult> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < facts.size(); i++) {
            String uuid = facts.get(i).id();
            Optional<FactResult> finished = journal.result(uuid);
            if (journal.isSkipped(uuid)) {
                skipped.add(uuid);
            } else if (finished.isPresent()) {
                out.add(finished.get());
            } else if (requireDisjoint(found.get(i)).neurons().isEmpty()) {
                skipped.add(uuid);
                journal.recordSkipped(uuid);
            } else {
                NeuronSet set = found.get(i);
                FactResult result =
                        runFact(facts.get(i), set, igScores.get(uuid), igFirstPrompt.get(uuid), igSeconds.get(uuid));
                journal.record(result);
                out.add(result);
            }
            progress.progress(facts.size() + i + 1, total);
        }
        return new Study(out, skipped, ComparisonTables.of(out, skipped.size(), settings.bootstrap(), seed));
    }

    /** Asserted on every fact: the prompts that choose and the prompts that judge never overlap. */
    static NeuronSet requireDisjoint(NeuronSet set) {
        HashSet<Integer> both = new HashSet<>(set.selectionPrompts());
        both.retainAll(set.heldOutPrompts());
        if (!both.isEmpty() || set.heldOutPrompts().isEmpty()) {
            throw new IllegalStateException("fact " + set.uuid() + ": selection " + set.selectionPrompts()
                    + " and evaluation " + set.heldOutPrompts() + " prompts must be disjoint and non-empty");
        }
        return set;
    }

    private FactResult runFact(FactPrompts fact, NeuronSet kn, float[][] ig, float[][] igOnePrompt, double igSeconds) {
        List<String> selection =
                kn.selectionPrompts().stream().map(fact.prompts()::get).toList();
        List<String> heldOut =
                kn.heldOutPrompts().stream().map(fact.prompts()::get).toList();
        int gold = model.tokenizer().singleTokenId(fact.object(), "object");
        long start = System.nanoTime();
        Attributor.CleanPoint point = new Attributor(model).cleanPoint(selection, gold, true);
        double cleanSeconds = (System.nanoTime() - start) / 1e9;
        Map<SelectionMethod, float[][]> scores = Map.of(
                SelectionMethod.IG,
                ig,
                SelectionMethod.IG_ONE_PROMPT,
                igOnePrompt,
                SelectionMethod.ACTIVATION,
                mean(Arrays.asList(point.activations())),
                SelectionMethod.GRADIENT,
                mean(Arrays.asList(point.gradients())),
                SelectionMethod.GRAD_X_ACT,
                gradTimesAct(point));
        Map<String, Integer> sizes = sizes(kn.neurons().size());
        CausalSearch.Result search = null;
        if (settings.methods().contains(SelectionMethod.CAUSAL_SEARCH)) {
            int k = Math.min(
                    settings.candidates(),
                    sizes.values().stream().mapToInt(Integer::intValue).max().orElseThrow());
            search = new CausalSearch(model, settings.maxRows())
                    .run(
                            ClozeBatch.of(model.tokenizer(), selection),
                            gold,
                            scores.get(SelectionMethod.GRAD_X_ACT),
                            settings.candidates(),
                            settings.shortlist(),
                            k);
        }
        List<Chosen> chosen = new ArrayList<>();
        for (SelectionMethod method : settings.methods()) {
            for (Map.Entry<String, Integer> size : sizes.entrySet()) {
                List<Neuron> neurons = choose(method, size.getValue(), scores, search, kn.uuid());
                if (neurons != null) {
                    chosen.add(new Chosen(method, size.getKey(), neurons));
                }
            }
        }
        int width = model.config().intermediateSize();
        List<Neuron> knNeurons = kn.neuronList();
        Map<String, GradientCheck.Point> check = GradientCheck.of(
                model,
                runner,
                heldOut,
                gold,
                knNeurons,
                ControlSets.topScoring(knNeurons, absolute(scores.get(SelectionMethod.GRADIENT))),
                settings.factor().floatValue());
        EvaluationSets.Prompts same = evaluationSets.of(kn, EvaluationSet.SAME_RELATION);
        EvaluationSets.Prompts other = evaluationSets.of(kn, EvaluationSet.OTHER_RELATION);
        List<List<PromptOutcome>> sameOutcomes = suppressAll(same, chosen);
        List<List<PromptOutcome>> otherOutcomes = suppressAll(other, chosen);
        ClozeBatch heldBatch = ClozeBatch.of(model.tokenizer(), heldOut);
        int[] golds = new int[heldOut.size()];
        Arrays.fill(golds, gold);
        List<SetResult> sets = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            Chosen c = chosen.get(i);
            // A random method's controls would be more random sets of the same kind: it gets none.
            List<List<Neuron>> controls = c.method == SelectionMethod.RANDOM
                    ? List.of()
                    : ControlSets.matchedRandom(
                            c.neurons,
                            width,
                            settings.controls(),
                            Seeds.of(seed, kn.uuid(), c.size.hashCode() * 31L ^ c.method.ordinal()));
            List<List<Neuron>> all = new ArrayList<>();
            all.add(c.neurons);
            all.addAll(controls);
            // One call per set, so the pass restarts at this set's (and its matched controls') lowest layer.
            List<List<PromptOutcome>> held = runner.run(heldBatch, golds, Intervention.suppress(), all);
            sets.add(new SetResult(
                    c.method,
                    c.size,
                    c.neurons.size(),
                    c.neurons,
                    held.get(0),
                    sameOutcomes.isEmpty() ? List.of() : sameOutcomes.get(i),
                    otherOutcomes.isEmpty() ? List.of() : otherOutcomes.get(i),
                    held.subList(1, held.size())));
        }
        List<String> specificityFacts = new ArrayList<>(same.sourceFacts());
        specificityFacts.addAll(other.sourceFacts());
        return new FactResult(
                kn.uuid(),
                kn.relation(),
                kn.object(),
                kn.neurons().size(),
                kn.selectionPrompts(),
                kn.heldOutPrompts(),
                specificityFacts,
                sets,
                check,
                seconds(igSeconds, igSeconds / kn.selectionPrompts().size(), cleanSeconds, search),
                search == null ? null : search.cost());
    }

    private record Chosen(SelectionMethod method, String size, List<Neuron> neurons) {}

    /** "kn" = the fact's own count, then the grid. */
    private Map<String, Integer> sizes(int knowledgeNeurons) {
        Map<String, Integer> out = new LinkedHashMap<>();
        out.put(OWN_SIZE, knowledgeNeurons);
        settings.ks().forEach(k -> out.put(String.valueOf(k), k));
        return out;
    }

    /** A method's set of exactly k distinct neurons; null when the causal search's pool is smaller than k. */
    private List<Neuron> choose(
            SelectionMethod method,
            int k,
            Map<SelectionMethod, float[][]> scores,
            CausalSearch.Result search,
            String uuid) {
        List<Neuron> out = switch (method) {
            case RANDOM ->
                NeuronRanking.random(
                        model.config().numLayers(),
                        model.config().intermediateSize(),
                        k,
                        Seeds.of(seed, uuid, k * 0x9E3779B97F4A7C15L));
            case CAUSAL_SEARCH -> k <= search.chosen().size() ? search.first(k) : null;
            default -> NeuronRanking.top(scores.get(method), k);
        };
        if (out != null && (out.size() != k || new HashSet<>(out).size() != k)) {
            throw new IllegalStateException(method.id() + " chose " + out + " for k = " + k);
        }
        return out;
    }

    /** Every chosen set suppressed on another fact's prompts, in one runner call; empty when there are none. */
    private List<List<PromptOutcome>> suppressAll(EvaluationSets.Prompts prompts, List<Chosen> chosen) {
        if (prompts.isEmpty()) {
            return List.of();
        }
        return runner.run(
                ClozeBatch.of(model.tokenizer(), prompts.prompts()),
                prompts.gold(),
                Intervention.suppress(),
                chosen.stream().map(Chosen::neurons).toList());
    }

    private Map<SelectionMethod, Double> seconds(
            double ig, double igOnePrompt, double cleanPoint, CausalSearch.Result search) {
        Map<SelectionMethod, Double> out = new LinkedHashMap<>();
        for (SelectionMethod m : settings.methods()) {
            out.put(
                    m,
                    switch (m) {
                        case IG -> ig;
                        case IG_ONE_PROMPT -> igOnePrompt;
                        // activation, gradient and grad × act share one forward + backward pass
                        case ACTIVATION, GRADIENT, GRAD_X_ACT -> cleanPoint;
                        case RANDOM -> 0.0;
                        case CAUSAL_SEARCH -> cleanPoint + search.cost().seconds();
                    });
        }
        return out;
    }

    /** Element-wise mean over prompts of [layer][neuron] scores. */
    static float[][] mean(List<float[][]> perPrompt) {
        float[][] out = new float[perPrompt.get(0).length][perPrompt.get(0)[0].length];
        for (float[][] s : perPrompt) {
            for (int l = 0; l < out.length; l++) {
                for (int i = 0; i < out[l].length; i++) {
                    out[l][i] += s[l][i] / perPrompt.size();
                }
            }
        }
        return out;
    }

    /** Mean over prompts of gradient × activation (the product per prompt, then the mean). */
    static float[][] gradTimesAct(Attributor.CleanPoint point) {
        List<float[][]> products = new ArrayList<>();
        for (int p = 0; p < point.activations().length; p++) {
            float[][] prod = new float[point.activations()[p].length][];
            for (int l = 0; l < prod.length; l++) {
                prod[l] = new float[point.activations()[p][l].length];
                for (int i = 0; i < prod[l].length; i++) {
                    prod[l][i] = point.activations()[p][l][i] * point.gradients()[p][l][i];
                }
            }
            products.add(prod);
        }
        return mean(products);
    }

    private static float[][] absolute(float[][] scores) {
        float[][] out = new float[scores.length][];
        for (int l = 0; l < scores.length; l++) {
            out[l] = new float[scores[l].length];
            for (int i = 0; i < out[l].length; i++) {
                out[l][i] = Math.abs(scores[l][i]);
            }
        }
        return out;
    }
}
