package org.knlab.cli;

import java.nio.file.Path;
import java.util.List;
import org.knlab.data.FactSelection;
import org.knlab.data.FactSelector;
import org.knlab.data.ParaRel;
import org.knlab.data.SelectedFacts;
import org.knlab.text.WordPieceTokenizer;
import picocli.CommandLine.Option;

/** --relations, --facts-per-relation, --controls, --json: the facts and controls of an intervention experiment. */
final class SampleOptions {

    @Option(names = "--relations", split = ",", paramLabel = "P..", description = "Relations (default: all 34).")
    List<String> relations = List.of();

    @Option(names = "--facts-per-relation", defaultValue = "30", description = "Seeded sample size per relation.")
    int factsPerRelation;

    @Option(names = "--controls", defaultValue = "100", description = "Matched random neuron sets per fact.")
    int controls;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the whole result as JSON.")
    Path json;

    SelectedFacts select(ParaRel pararel, WordPieceTokenizer tokenizer, long seed) {
        return new FactSelector(pararel, tokenizer).select(new FactSelection(relations, List.of(), factsPerRelation,
                true, seed));
    }
}
