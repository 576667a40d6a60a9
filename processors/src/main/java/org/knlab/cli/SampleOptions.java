package org.knlab.cli;

import java.util.List;
import org.knlab.data.Fact;
import org.knlab.data.FactSelection;
import org.knlab.data.FactSelector;
import org.knlab.data.ParaRel;
import org.knlab.data.SelectedFacts;
import org.knlab.settings.SampleSize;
import org.knlab.text.PromptTokenizer;
import picocli.CommandLine.Option;

/**
 * --relations, --facts-per-relation: the seeded sample of each relation's facts a command runs on (what a
 * request's {@code facts} selection says for the Kafka step). Each command's defaults are in
 * {@link StepDefaults}.
 */
final class SampleOptions {

    @Option(
            names = "--relations",
            split = ",",
            paramLabel = "P..|all",
            description = "Relations whose facts are sampled (default: ${DEFAULT-VALUE}).")
    List<String> relations;

    @Option(
            names = "--facts-per-relation",
            paramLabel = "N|all",
            description = "Seeded sample of each relation's facts (default: ${DEFAULT-VALUE}).")
    String factsPerRelation;

    /** The relations asked for; empty = all. */
    List<String> relations() {
        return relations == null || relations.equals(List.of("all")) ? List.of() : relations;
    }

    SampleSize size() {
        return SampleSize.parse(factsPerRelation, "--facts-per-relation");
    }

    SelectedFacts select(ParaRel pararel, PromptTokenizer tokenizer, long seed) {
        return new FactSelector(pararel, tokenizer)
                .select(new FactSelection(relations(), List.of(), size().count(), true, seed));
    }

    /** The same sample, drawn among the given facts (those of a neuron-set file). */
    List<String> among(List<String> uuids, ParaRel pararel, PromptTokenizer tokenizer, long seed) {
        List<Fact> sampled = new FactSelector(pararel, tokenizer)
                .select(new FactSelection(List.of(), uuids, size().count(), true, seed))
                .facts();
        return sampled.stream()
                .filter(f -> relations().isEmpty() || relations().contains(f.relation()))
                .map(Fact::uuid)
                .toList();
    }
}
