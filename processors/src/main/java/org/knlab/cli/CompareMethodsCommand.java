package org.knlab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.knlab.attribution.KnowledgeNeuronFinder.FactPrompts;
import org.knlab.comparison.CompareMethodsSettings;
import org.knlab.comparison.ComparisonJournal;
import org.knlab.comparison.ComparisonMarkdown;
import org.knlab.comparison.MethodComparison;
import org.knlab.data.ParaRel;
import org.knlab.nn.LanguageModel;
import org.knlab.nn.NeuronSite;
import org.knlab.settings.StepParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kn compare-methods}: the {@code compare-methods} step on the command line, on a seeded
 * sample of ParaRel facts; prints the tables as Markdown. Every default is the step's ({@link StepDefaults}).
 */
@Command(
        name = "compare-methods",
        mixinStandardHelpOptions = true,
        defaultValueProvider = StepDefaults.class,
        description = "Does the attribution method matter? Every method (and a direct causal search) at equal budget k,"
                + " chosen on some prompts of each fact and suppressed on its held-out prompts, with matched random"
                + " controls, specificity, overlap, cost and the gradient check.")
final class CompareMethodsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    SampleOptions sample;

    @Mixin
    JsonOutput json;

    @Option(names = "--methods", split = ",")
    List<String> methods;

    @Option(names = "--ks", split = ",")
    List<Integer> ks;

    @Option(names = "--controls")
    Integer controls;

    @Option(names = "--candidates")
    Integer candidates;

    @Option(names = "--shortlist")
    Integer shortlist;

    @Option(names = "--held-out")
    Double heldOut;

    @Option(names = "--mode")
    String mode;

    @Option(names = "--steps")
    Integer steps;

    @Option(names = "--rule")
    String rule;

    @Option(names = "--factor")
    Double factor;

    @Option(names = "--bootstrap")
    Integer bootstrap;

    @Option(names = "--max-rows")
    Integer maxRows;

    @Option(
            names = "--journal",
            paramLabel = "FILE",
            description = "Append each finished fact to FILE; a rerun"
                    + " with the same FILE and arguments resumes after the facts it holds.")
    Path journal;

    @Mixin
    SeedOption seedOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        CompareMethodsSettings settings = SettingsOptions.of(spec).read(CompareMethodsSettings.class);
        try (LanguageModel model = modelOptions.load()) {
            ParaRel pararel = ParaRel.load(model.promptStyle());
            List<FactPrompts> facts = sample.select(pararel, model.tokenizer(), seedOption.value).facts().stream()
                    .map(f -> FactPrompts.of(f, pararel))
                    .toList();
            long start = System.nanoTime();
            MethodComparison.Study study;
            try (ComparisonJournal resume = journal == null
                    ? ComparisonJournal.none()
                    : ComparisonJournal.open(journal, identity(settings, model, facts))) {
                study = new MethodComparison(model, pararel, settings, seedOption.value)
                        .run(facts, ProgressBars.of("compare methods", "facts"), resume);
            }
            out.printf(
                    "model %s sha256 %s; %d facts, seed %d, %.1f min%n%n",
                    model.identity().id(),
                    model.identity().sha256(),
                    facts.size(),
                    seedOption.value,
                    (System.nanoTime() - start) / 60e9);
            out.print(ComparisonMarkdown.of(study.tables()));
            out.flush();
            json.write(study);
            return 0;
        }
    }

    /** What makes two runs the same run: settings, seed, model file and the facts, in order. */
    private ObjectNode identity(CompareMethodsSettings settings, LanguageModel model, List<FactPrompts> facts) {
        ObjectNode id = JSON.createObjectNode();
        id.set("settings", StepParams.toJson(settings));
        id.put("seed", seedOption.value);
        id.put("modelSha256", model.identity().sha256());
        id.put(NeuronSite.FIELD, model.neuronSite().hookName());
        facts.forEach(f -> id.withArray("facts").add(f.id()));
        return id;
    }
}
