package org.knlab.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.knlab.data.ParaRel;
import org.knlab.editing.EditExperiment;
import org.knlab.editing.EditFactSettings;
import org.knlab.editing.EditPlanner;
import org.knlab.editing.EditStudy;
import org.knlab.editing.EditSummary;
import org.knlab.intervention.HubControls;
import org.knlab.neurons.NeuronSets;
import org.knlab.nn.LanguageModel;
import org.knlab.settings.SampleSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kn edit-fact}: the {@code edit-fact} step on the command line; prints the Markdown tables. */
@Command(
        name = "edit-fact",
        mixinStandardHelpOptions = true,
        defaultValueProvider = StepDefaults.class,
        description = "Update facts by editing their knowledge neurons' value slots, against matched random,"
                + " most-activated, gradient-matched and residual-stream controls.")
final class EditFactCommand implements Callable<Integer> {

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    NeuronSource source;

    @Option(names = "--relations", split = ",", paramLabel = "P..")
    List<String> relations;

    @Option(names = "--facts-per-relation")
    Integer factsPerRelation;

    @Option(names = "--directions", split = ",")
    List<String> directions;

    @Option(names = "--edit-rule")
    String editRule;

    @Option(names = "--lambda1")
    Double lambda1;

    @Option(names = "--lambda2")
    Double lambda2;

    @Option(names = "--filter-share")
    Double filterShare;

    @Option(names = "--filter-facts", paramLabel = "N|all")
    SampleSize filterFacts;

    @Option(names = "--controls")
    Integer controls;

    @Option(names = "--neighbours")
    Integer neighbours;

    @Option(names = "--perplexity-sentences")
    Integer perplexitySentences;

    @Option(names = "--bootstrap")
    Integer bootstrap;

    @Option(names = "--optimised-steps")
    Integer optimisedSteps;

    @Mixin
    JsonOutput json;

    @Mixin
    HubOptions hubs;

    @Spec
    CommandSpec spec;

    /** What {@code --json} writes: the plan, the tables, the hub-aware sets' record (null when off), every edit. */
    record Result(
            EditPlanner.Plan plan,
            List<EditSummary.Row> tables,
            HubControls.Report hubs,
            List<EditExperiment.EditRecord> edits) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (LanguageModel model = modelOptions.load()) {
            ParaRel pararel = ParaRel.load(model.promptStyle());
            long seed = source.seed();
            EditFactSettings settings =
                    SettingsOptions.of(spec).with("neurons", source.inline()).read(EditFactSettings.class);
            long start = System.nanoTime();
            List<String> chosen = settings.relations().isEmpty()
                    ? List.copyOf(pararel.relations().keySet())
                    : settings.relations();
            NeuronSets sets = source.sets(model, pararel, settings.neurons(), chosen, settings.filterFacts());
            EditStudy study =
                    EditStudy.run(model, pararel, sets, settings, seed, true, ProgressBars.of("edits", "edits"));
            study.warnings().forEach(w -> out.println("warning: " + w));
            out.printf(
                    "model %s sha256 %s; %d neuron sets, %d edits, rule %s λ=(%s, %s), seed %d, %.1f min%n%n",
                    model.identity().id(),
                    model.identity().sha256(),
                    sets.sets().size(),
                    study.records().size(),
                    settings.editRule().id(),
                    settings.lambda1(),
                    settings.lambda2(),
                    seed,
                    (System.nanoTime() - start) / 60e9);
            out.print(EditTables.edits(study));
            out.flush();
            json.write(new Result(study.plan(), study.tables(), study.hubs(), study.records()));
            return 0;
        }
    }
}
