package org.knlab.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knlab.data.ParaRel;
import org.knlab.editing.EditDirection;
import org.knlab.editing.EditFactSettings;
import org.knlab.editing.EditRule;
import org.knlab.editing.EditStudy;
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

    @Option(names = "--relations", split = ",", paramLabel = "P..", description = "Relations (default: all 34).")
    List<String> relations;

    @Option(
            names = "--facts-per-relation",
            description = "Edits per relation and direction (default: ${DEFAULT-VALUE}).")
    Integer factsPerRelation;

    @Option(
            names = "--directions",
            split = ",",
            description = "correct-to-other, incorrect-to-gold (default:" + " ${DEFAULT-VALUE}).")
    List<String> directions;

    @Option(names = "--edit-rule", description = "authors or eleuther (default: ${DEFAULT-VALUE}).")
    String editRule;

    @Option(names = "--lambda1", description = "λ1 of the authors' rule (default: ${DEFAULT-VALUE}).")
    Double lambda1;

    @Option(names = "--lambda2", description = "λ2 of the authors' rule (default: ${DEFAULT-VALUE}).")
    Double lambda2;

    @Option(
            names = "--filter-share",
            description = "Drop neurons in more than this share of the pool's facts" + " (default: ${DEFAULT-VALUE}).")
    Double filterShare;

    @Option(
            names = "--filter-facts",
            paramLabel = "N|all",
            description = "Facts per relation in the filter's pool,"
                    + " whose neurons are found first (default: ${DEFAULT-VALUE}).")
    String filterFacts;

    @Option(names = "--controls", description = "Matched random sets per edit (default: ${DEFAULT-VALUE}).")
    Integer controls;

    @Option(
            names = "--neighbours",
            description = "Facts of the same / other relations for specificity (default:" + " ${DEFAULT-VALUE}).")
    Integer neighbours;

    @Option(
            names = "--perplexity-sentences",
            description = "Held-out sentences for fluency (default: ${DEFAULT-VALUE}).")
    Integer perplexitySentences;

    @Option(names = "--bootstrap", description = "Bootstrap resamples for the CIs (default: ${DEFAULT-VALUE}).")
    Integer bootstrap;

    @Option(
            names = "--optimised-steps",
            description = "Gradient steps of the optimised edits at the knowledge neurons and at random places,"
                    + " 0 = none (default: ${DEFAULT-VALUE}).")
    Integer optimisedSteps;

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
            EditFactSettings settings = new EditFactSettings(
                    relations,
                    factsPerRelation,
                    directions.stream().map(EditDirection::parse).toList(),
                    EditRule.parse(editRule),
                    lambda1,
                    lambda2,
                    filterShare,
                    SampleSize.parse(filterFacts, "filterFacts"),
                    controls,
                    neighbours,
                    perplexitySentences,
                    bootstrap,
                    optimisedSteps,
                    null,
                    source.inline());
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
            json.write(Map.of("plan", study.plan(), "tables", study.tables(), "edits", study.records()));
            return 0;
        }
    }
}
