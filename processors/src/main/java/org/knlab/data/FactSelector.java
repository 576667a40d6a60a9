package org.knlab.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.knlab.errors.InvalidInputException;
import org.knlab.text.PromptTokenizer;

/** Resolves a {@link FactSelection} against ParaRel for one model's vocabulary. */
public final class FactSelector {

    private final ParaRel pararel;
    private final PromptTokenizer tokenizer;

    public FactSelector(ParaRel pararel, PromptTokenizer tokenizer) {
        this.pararel = pararel;
        this.tokenizer = tokenizer;
    }

    public SelectedFacts select(FactSelection selection) {
        List<Fact> candidates = candidates(selection);
        List<Fact> kept = new ArrayList<>();
        Map<String, Integer> dropped = new TreeMap<>();
        for (Fact f : candidates) {
            if (tokenizer.singleToken(f.object()).isPresent()) {
                kept.add(f);
            } else {
                dropped.merge(f.relation(), 1, Integer::sum);
            }
        }
        if (selection.sampleSize() != null) {
            kept = sample(kept, selection.sampleSize(), selection.perRelation(), selection.seed());
        }
        int prompts = kept.stream()
                .mapToInt(f ->
                        pararel.relation(f.relation()).orElseThrow().templates().size())
                .sum();
        return new SelectedFacts(kept, prompts, dropped);
    }

    private List<Fact> candidates(FactSelection selection) {
        for (String r : selection.relations()) {
            if (pararel.relation(r).isEmpty()) {
                throw new InvalidInputException(
                        "$.facts.relations",
                        "unknown relation '" + r + "': ParaRel relations" + " with more than 3 templates are "
                                + pararel.relations().keySet());
            }
        }
        List<Fact> out = new ArrayList<>();
        selection.relations().forEach(r -> out.addAll(pararel.facts(r)));
        for (String uuid : selection.uuids()) {
            Fact f = pararel.fact(uuid)
                    .orElseThrow(() ->
                            new InvalidInputException("$.facts.uuids", "no ParaRel fact has uuid '" + uuid + "'"));
            if (!out.contains(f)) {
                out.add(f);
            }
        }
        return selection.relations().isEmpty() && selection.uuids().isEmpty() ? pararel.facts() : out;
    }

    /** A seeded sample that keeps ParaRel order, of the whole list or of each relation. */
    private static List<Fact> sample(List<Fact> facts, int size, boolean perRelation, long seed) {
        if (!perRelation) {
            return sampleOf(facts, size, new Random(seed));
        }
        Map<String, List<Fact>> byRelation = new LinkedHashMap<>();
        facts.forEach(f ->
                byRelation.computeIfAbsent(f.relation(), k -> new ArrayList<>()).add(f));
        Random rnd = new Random(seed);
        List<Fact> out = new ArrayList<>();
        byRelation.values().forEach(fs -> out.addAll(sampleOf(fs, size, rnd)));
        return out;
    }

    private static List<Fact> sampleOf(List<Fact> facts, int size, Random rnd) {
        if (facts.size() <= size) {
            return facts;
        }
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < facts.size(); i++) {
            idx.add(i);
        }
        java.util.Collections.shuffle(idx, rnd);
        return idx.subList(0, size).stream().sorted().map(facts::get).toList();
    }
}
