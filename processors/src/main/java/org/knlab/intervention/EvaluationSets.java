package org.knlab.intervention;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.data.Seeds;
import org.knlab.neurons.NeuronSet;
import org.knlab.text.PromptTokenizer;

/**
 * Draws the prompts of each {@link EvaluationSet} for a fact, seeded per fact and set, from the
 * ParaRel facts whose answer is one token of the model's vocabulary.
 */
public final class EvaluationSets {

    /** Prompts with their gold tokens, and the facts they came from. */
    public record Prompts(List<String> prompts, int[] gold, List<String> sourceFacts) {

        public boolean isEmpty() {
            return prompts.isEmpty();
        }
    }

    private final ParaRel pararel;
    private final PromptTokenizer tokenizer;
    private final long seed;
    private final Map<String, List<Fact>> byObject = new LinkedHashMap<>();
    private final Map<String, List<Fact>> byRelation = new LinkedHashMap<>();

    public EvaluationSets(ParaRel pararel, PromptTokenizer tokenizer, long seed) {
        this.pararel = pararel;
        this.tokenizer = tokenizer;
        this.seed = seed;
        Map<String, Boolean> singleToken = new HashMap<>(); // objects repeat: tokenise each once
        for (Fact f : pararel.facts()) {
            if (singleToken.computeIfAbsent(
                    f.object(), o -> tokenizer.singleToken(o).isPresent())) {
                byObject.computeIfAbsent(f.object(), k -> new ArrayList<>()).add(f);
                byRelation.computeIfAbsent(f.relation(), k -> new ArrayList<>()).add(f);
            }
        }
    }

    public Prompts of(NeuronSet fact, EvaluationSet set) {
        Fact self = pararel.fact(fact.uuid()).orElseThrow();
        Random rnd = random(fact, set.ordinal() + 1);
        return switch (set) {
            case OWN -> ofFact(self, fact.selectionPrompts());
            case HELD_OUT -> ofFact(self, fact.heldOutPrompts());
            case SAME_RELATION ->
                draw(byRelation.get(self.relation()), f -> !f.object().equals(self.object()), rnd);
            case OTHER_RELATION -> {
                List<String> others = byRelation.keySet().stream()
                        .filter(r -> !r.equals(self.relation()))
                        .toList();
                yield draw(byRelation.get(others.get(rnd.nextInt(others.size()))), f -> true, rnd);
            }
            case SAME_GOLD ->
                draw(
                        byObject.get(self.object()),
                        f -> !f.uuid().equals(self.uuid()) && !f.subject().equals(self.subject()),
                        rnd);
        };
    }

    /** The prompts of another fact: a fact's own bag, as the authors did for "unrelated" facts. */
    private Prompts draw(List<Fact> pool, Predicate<Fact> eligible, Random rnd) {
        List<Fact> candidates = pool.stream().filter(eligible).toList();
        if (candidates.isEmpty()) {
            return new Prompts(List.of(), new int[0], List.of());
        }
        Fact f = candidates.get(rnd.nextInt(candidates.size()));
        return ofFact(f, null);
    }

    /** A fact's prompts (all, or those at the given indices) with its object as gold. */
    public Prompts ofFact(Fact f, List<Integer> indices) {
        List<String> all = pararel.prompts(f);
        List<String> prompts =
                indices == null ? all : indices.stream().map(all::get).toList();
        int[] gold = new int[prompts.size()];
        Arrays.fill(gold, tokenizer.singleTokenId(f.object(), "object"));
        return new Prompts(prompts, gold, List.of(f.uuid()));
    }

    /** The facts of a relation whose answer is one token, in ParaRel's order (empty for an unknown relation). */
    public List<Fact> factsOf(String relation) {
        return byRelation.getOrDefault(relation, List.of());
    }

    /** The facts whose answer is the given object (one token). */
    public List<Fact> factsWithObject(String object) {
        return byObject.getOrDefault(object, List.of());
    }

    /** The relations with one-token answers. */
    public List<String> relations() {
        return List.copyOf(byRelation.keySet());
    }

    /** A donor for resampling: another fact of the same relation with a different answer. */
    public Prompts donor(NeuronSet fact) {
        Fact self = pararel.fact(fact.uuid()).orElseThrow();
        return draw(byRelation.get(self.relation()), f -> !f.object().equals(self.object()), random(fact, 0));
    }

    /** One independent stream per fact and purpose. */
    private Random random(NeuronSet fact, int purpose) {
        return new Random(Seeds.of(seed, fact.uuid(), Seeds.purpose(purpose)));
    }
}
