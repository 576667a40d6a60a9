package org.knlab.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.knlab.data.ParaRel;
import org.knlab.editing.EraseRelationSettings;
import org.knlab.editing.RelationEraser;
import org.knlab.neurons.NeuronSets;
import org.knlab.nn.LanguageModel;
import org.knlab.settings.SampleSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kn erase-relation}: the {@code erase-relation} step on the command line; prints the Markdown table. */
@Command(
        name = "erase-relation",
        mixinStandardHelpOptions = true,
        defaultValueProvider = StepDefaults.class,
        description = "Erase relations by zeroing (or [UNK]-ing) the value slots of their most frequent knowledge"
                + " neurons, against matched random, most-activated and top-gradient neurons.")
final class EraseRelationCommand implements Callable<Integer> {

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    NeuronSource source;

    @Option(
            names = "--relations",
            split = ",",
            paramLabel = "P..",
            description = "Relations (default: ${DEFAULT-VALUE}).")
    List<String> relations;

    @Option(
            names = "--k",
            description =
                    "Most frequent neurons erased (default: the authors' 20, or every" + " neuron of a smaller pool).")
    Integer k;

    @Option(
            names = "--facts-per-relation",
            paramLabel = "N|all",
            description = "Facts per relation whose neurons are counted" + " (default: ${DEFAULT-VALUE}).")
    String factsPerRelation;

    @Option(
            names = "--relation-prompts",
            description = "Prompts of the relation evaluated (default: ${DEFAULT-VALUE}).")
    Integer relationPrompts;

    @Option(
            names = "--other-prompts",
            description = "Prompts of other relations evaluated (default: ${DEFAULT-VALUE}).")
    Integer otherPrompts;

    @Option(names = "--controls", description = "Matched random sets (default: ${DEFAULT-VALUE}).")
    Integer controls;

    @Option(names = "--max-rows", description = "Prompts per pass (default: ${DEFAULT-VALUE}).")
    Integer maxRows;

    @Mixin
    JsonOutput json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (LanguageModel model = modelOptions.load()) {
            ParaRel pararel = ParaRel.load(model.promptStyle());
            long seed = source.seed();
            EraseRelationSettings settings = new EraseRelationSettings(
                    relations,
                    k,
                    SampleSize.parse(factsPerRelation, "--facts-per-relation"),
                    relationPrompts,
                    otherPrompts,
                    controls,
                    maxRows,
                    source.inline());
            long start = System.nanoTime();
            NeuronSets sets =
                    source.sets(model, pararel, settings.neurons(), settings.relations(), settings.factsPerRelation());
            List<RelationEraser.RelationResult> results = new RelationEraser(model, pararel)
                    .run(sets.sets(), settings, seed, ProgressBars.of("erase", "relations"));
            sets.warnings(model).forEach(w -> out.println("warning: " + w));
            out.printf(
                    "model %s sha256 %s; seed %d, %.1f min%n%n",
                    model.identity().id(), model.identity().sha256(), seed, (System.nanoTime() - start) / 60e9);
            out.print(EditTables.erase(results));
            out.flush();
            json.write(results);
            return 0;
        }
    }
}
