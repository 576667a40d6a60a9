package org.knlab.editing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.knlab.attribution.Neuron;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.data.Seeds;
import org.knlab.errors.InvalidParameterException;
import org.knlab.fillmask.ClozeScorer;
import org.knlab.intervention.EvaluationSets;
import org.knlab.neurons.NeuronSet;
import org.knlab.nn.Hooks;
import org.knlab.nn.LanguageModel;

/**
 * Chooses the edits as the authors did (docs/method.md, "Editing and erasing"; their 6_edit_knowledge_sampled.py): per relation,
 * a seeded pool of its facts' neuron sets; neurons found in more than {@code filterShare} of the pool's
 * facts are dropped (relation-wide hubs); facts are taken in a seeded order, one seeded prompt each,
 * t = the model's top-1 there, and sorted into the directions until each has {@code factsPerRelation}
 * edits. Facts left with no neuron are skipped and counted, not an error.
 */
public final class EditPlanner {

    /**
     * The edits, and per relation: the pool size, the neurons the filter dropped, and per direction the
     * facts skipped for having no neuron left.
     */
    public record Plan(
            List<Edit> edits,
            Map<String, Integer> poolSizes,
            Map<String, List<Neuron>> filtered,
            Map<String, Map<EditDirection, Integer>> skippedNoNeuron) {}

    private final LanguageModel model;
    private final ParaRel pararel;
    private final EvaluationSets facts;
    private final ClozeScorer scorer;

    public EditPlanner(LanguageModel model, ParaRel pararel, EvaluationSets facts) {
        this.model = model;
        this.pararel = pararel;
        this.facts = facts;
        this.scorer = new ClozeScorer(model);
    }

    public Plan plan(List<NeuronSet> sets, EditFactSettings s, long seed) {
        Map<String, List<NeuronSet>> byRelation = new LinkedHashMap<>();
        sets.forEach(set -> byRelation
                .computeIfAbsent(set.relation(), r -> new ArrayList<>())
                .add(set));
        List<String> relations = s.relations().isEmpty() ? List.copyOf(byRelation.keySet()) : s.relations();
        for (int i = 0; i < relations.size(); i++) {
            String r = relations.get(i);
            if (pararel.relation(r).isEmpty()) {
                throw new InvalidParameterException(
                        "relations[" + i + "]",
                        "unknown relation '" + r + "'; ParaRel has "
                                + pararel.relations().keySet());
            }
            if (!byRelation.containsKey(r)) {
                throw new InvalidParameterException(
                        "relations[" + i + "]",
                        "no neuron sets for relation " + r + "; find them first (knowledge-neurons) on facts of " + r);
            }
        }
        Plan plan = new Plan(new ArrayList<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        Map<String, Set<Neuron>> hubsByRelation = new HashMap<>();
        for (String r : relations) {
            List<NeuronSet> pool = s.filterFacts().draw(byRelation.get(r), Seeds.of(seed, r));
            Set<Neuron> hubs = hubs(pool, s.filterShare());
            plan.poolSizes().put(r, pool.size());
            plan.filtered()
                    .put(
                            r,
                            hubs.stream()
                                    .sorted((a, b) -> a.layer() != b.layer()
                                            ? Integer.compare(a.layer(), b.layer())
                                            : Integer.compare(a.index(), b.index()))
                                    .toList());
            plan.skippedNoNeuron().put(r, new LinkedHashMap<>());
            hubsByRelation.put(r, hubs);
            if (s.edits() == null) {
                sample(pool, hubs, s, seed, plan);
            }
        }
        if (s.edits() != null) {
            explicit(sets, hubsByRelation, s, seed, plan);
        }
        return plan;
    }

    /** Neurons in more than {@code share} of the pool's facts. */
    static Set<Neuron> hubs(List<NeuronSet> pool, double share) {
        Map<Neuron, Integer> counts = new HashMap<>();
        pool.forEach(f -> new HashSet<>(f.neuronList()).forEach(n -> counts.merge(n, 1, Integer::sum)));
        Set<Neuron> out = new HashSet<>();
        counts.forEach((n, c) -> {
            if (c > share * pool.size()) {
                out.add(n);
            }
        });
        return out;
    }

    private void sample(List<NeuronSet> pool, Set<Neuron> hubs, EditFactSettings s, long seed, Plan plan) {
        String relation = pool.get(0).relation();
        Map<EditDirection, Integer> taken = new HashMap<>();
        for (NeuronSet f : pool) { // the pool is already in a seeded order
            if (s.directions().stream().allMatch(d -> taken.getOrDefault(d, 0) >= s.factsPerRelation())) {
                return;
            }
            int prompt = promptIndex(f, seed);
            int gold = model.tokenizer().singleTokenId(f.object(), "object");
            int old = top1(f, prompt, gold);
            EditDirection direction = old == gold ? EditDirection.CORRECT_TO_OTHER : EditDirection.INCORRECT_TO_GOLD;
            if (!s.directions().contains(direction) || taken.getOrDefault(direction, 0) >= s.factsPerRelation()) {
                continue;
            }
            List<Neuron> neurons =
                    f.neuronList().stream().filter(n -> !hubs.contains(n)).toList();
            if (neurons.isEmpty()) {
                plan.skippedNoNeuron().get(relation).merge(direction, 1, Integer::sum);
                continue;
            }
            int target = direction == EditDirection.INCORRECT_TO_GOLD ? gold : otherObject(f, old, seed);
            if (target < 0) {
                continue;
            }
            taken.merge(direction, 1, Integer::sum);
            plan.edits().add(new Edit(f, neurons, prompt, old, target, direction));
        }
    }

    private void explicit(
            List<NeuronSet> sets, Map<String, Set<Neuron>> hubs, EditFactSettings s, long seed, Plan plan) {
        for (int i = 0; i < s.edits().size(); i++) {
            EditFactSettings.Target t = s.edits().get(i);
            String at = "edits[" + i + "]";
            NeuronSet f = sets.stream()
                    .filter(x -> x.uuid().equals(t.uuid()))
                    .findFirst()
                    .orElseThrow(() ->
                            new InvalidParameterException(at + ".uuid", "no neuron set for fact '" + t.uuid() + "'"));
            if (!hubs.containsKey(f.relation())) {
                throw new InvalidParameterException(
                        at + ".uuid",
                        "fact " + t.uuid() + " is of relation " + f.relation() + ", which relations does not name");
            }
            int target = model.tokenizer()
                    .singleToken(t.target() == null ? "" : t.target())
                    .orElseThrow(() -> new InvalidParameterException(
                            at + ".target",
                            "the new answer '" + t.target() + "' is not one token of "
                                    + model.identity().id() + "'s vocabulary"));
            int prompt = promptIndex(f, seed);
            int gold = model.tokenizer().singleTokenId(f.object(), "object");
            int old = top1(f, prompt, gold);
            if (target == old) {
                throw new InvalidParameterException(
                        at + ".target",
                        "the new answer '" + t.target() + "' is already the" + " model's answer on the edited prompt");
            }
            EditDirection direction = EditDirection.of(old, target, gold);
            List<Neuron> neurons = f.neuronList().stream()
                    .filter(n -> !hubs.get(f.relation()).contains(n))
                    .toList();
            if (neurons.isEmpty()) {
                plan.skippedNoNeuron().get(f.relation()).merge(direction, 1, Integer::sum);
            } else {
                plan.edits().add(new Edit(f, neurons, prompt, old, target, direction));
            }
        }
    }

    private int promptIndex(NeuronSet f, long seed) {
        return new Random(Seeds.of(seed, f.uuid()))
                .nextInt(pararel.prompts(fact(f)).size());
    }

    private int top1(NeuronSet f, int prompt, int gold) {
        return scorer.score(List.of(pararel.prompts(fact(f)).get(prompt)), gold, Hooks.none())
                .get(0)
                .top1TokenId();
    }

    /** The object of another fact of the relation, seeded, whose token is not t; -1 if there is none. */
    private int otherObject(NeuronSet f, int old, long seed) {
        List<Fact> others = new ArrayList<>(facts.factsOf(f.relation()));
        Collections.shuffle(others, new Random(Seeds.of(seed, f.uuid(), 0x5DEECE66DL)));
        for (Fact o : others) {
            int token = model.tokenizer().singleTokenId(o.object(), "object");
            if (token != old) {
                return token;
            }
        }
        return -1;
    }

    private Fact fact(NeuronSet f) {
        return pararel.fact(f.uuid()).orElseThrow();
    }
}
