package org.knlab.cli;

import java.util.List;
import org.knlab.data.Fact;
import org.knlab.data.FactSelection;
import org.knlab.data.FactSelector;
import org.knlab.data.ParaRel;
import org.knlab.data.SelectedFacts;
import org.knlab.text.PromptTokenizer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * --relations, --facts-per-relation, --json: the facts of {@code kn interventions} (what a request's
 * {@code facts} selection says for the Kafka step: a seeded sample per relation).
 */
final class SampleOptions {

    @Option(names = "--relations", split = ",", paramLabel = "P..", description = "Relations (default: all 34).")
    List<String> relations = List.of();

    @Option(
            names = "--facts-per-relation",
            defaultValue = "30",
            description = "Seeded sample size per relation (default: ${DEFAULT-VALUE}).")
    int factsPerRelation;

    @Mixin
    JsonOutput json;

    SelectedFacts select(ParaRel pararel, PromptTokenizer tokenizer, long seed) {
        return new FactSelector(pararel, tokenizer)
                .select(new FactSelection(relations, List.of(), factsPerRelation, true, seed));
    }

    /** The same sample, drawn among the given facts (those of a neuron-set file). */
    List<String> among(List<String> uuids, ParaRel pararel, PromptTokenizer tokenizer, long seed) {
        List<Fact> sampled = new FactSelector(pararel, tokenizer)
                .select(new FactSelection(List.of(), uuids, factsPerRelation, true, seed))
                .facts();
        return sampled.stream()
                .filter(f -> relations.isEmpty() || relations.contains(f.relation()))
                .map(Fact::uuid)
                .toList();
    }
}
