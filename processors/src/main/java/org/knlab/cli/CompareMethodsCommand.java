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
import org.knlab.comparison.SelectionMethod;
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

    @Option(
            names = "--methods",
            split = ",",
            description =
                    "ig, activation, grad-x-act, gradient, random," + " causal-search (default: ${DEFAULT-VALUE}).")
    List<String> methods;

    @Option(
            names = "--ks",
            split = ",",
            description = "Budgets besides each fact's knowledge-neuron count" + " (default: ${DEFAULT-VALUE}).")
    List<Integer> ks;

    @Option(names = "--controls", description = "Matched random sets per method set (default: ${DEFAULT-VALUE}).")
    Integer controls;

    @Option(
            names = "--candidates",
            description = "The causal search's pool, top by grad x act (default:" + " ${DEFAULT-VALUE}).")
    Integer candidates;

    @Option(
            names = "--shortlist",
            description = "Candidates re-checked at each greedy pick after the first; the"
                    + " pool's size = the exact greedy search (default: ${DEFAULT-VALUE}).")
    Integer shortlist;

    @Option(
            names = "--held-out",
            description = "Share of each fact's prompts kept to evaluate on (default:" + " ${DEFAULT-VALUE}).")
    Double heldOut;

    @Option(names = "--mode", description = "IG of the knowledge neurons: paper or fast (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--steps", description = "IG steps (default: the mode's).")
    Integer steps;

    @Option(names = "--rule", description = "Refinement rule of the knowledge neurons (default: ${DEFAULT-VALUE}).")
    String rule;

    @Option(names = "--factor", description = "Amplification factor of the gradient check (default: ${DEFAULT-VALUE}).")
    Double factor;

    @Option(names = "--bootstrap", description = "Bootstrap resamples for the CIs (default: ${DEFAULT-VALUE}).")
    Integer bootstrap;

    @Option(names = "--max-rows", description = "Batch rows per pass (default: ${DEFAULT-VALUE}).")
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
        CompareMethodsSettings settings = new CompareMethodsSettings(
                methods.stream().map(SelectionMethod::parse).toList(),
                ks,
                controls,
                candidates,
                shortlist,
                heldOut,
                mode,
                steps,
                rule,
                factor,
                bootstrap,
                maxRows);
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
