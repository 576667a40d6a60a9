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

    @Option(names = "--relations", split = ",", paramLabel = "P..")
    List<String> relations;

    @Option(names = "--k")
    Integer k;

    @Option(names = "--facts-per-relation", paramLabel = "N|all")
    SampleSize factsPerRelation;

    @Option(names = "--relation-prompts")
    Integer relationPrompts;

    @Option(names = "--other-prompts")
    Integer otherPrompts;

    @Option(names = "--controls")
    Integer controls;

    @Option(names = "--max-rows")
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
            EraseRelationSettings settings =
                    SettingsOptions.of(spec).with("neurons", source.inline()).read(EraseRelationSettings.class);
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
