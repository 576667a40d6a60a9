package org.knlab.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.knlab.attribution.AttributionSettings;
import org.knlab.attribution.KnowledgeNeuronFinder;
import org.knlab.attribution.KnowledgeNeuronsSettings;
import org.knlab.data.ParaRel;
import org.knlab.data.SelectedFacts;
import org.knlab.intervention.HubControls;
import org.knlab.intervention.HubMarkdown;
import org.knlab.intervention.InterventionSettings;
import org.knlab.intervention.InterventionStudy;
import org.knlab.intervention.InterventionSummary;
import org.knlab.neurons.NeuronSetCodec;
import org.knlab.neurons.NeuronSets;
import org.knlab.nn.LanguageModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kn interventions}: the {@code interventions} step on the command line. Neuron sets come from
 * {@code --neurons FILE} (kn-lab's format or EleutherAI's) or are found first on a seeded sample of
 * facts (as a {@code knowledge-neurons} step would); every default is the step's ({@link StepDefaults}).
 */
@Command(
        name = "interventions",
        mixinStandardHelpOptions = true,
        defaultValueProvider = StepDefaults.class,
        description = "Intervene on knowledge neurons (found here on held-back prompts, or read from --neurons FILE)"
                + " and compare with matched random and gradient-matched controls on several evaluation sets.")
final class InterventionsCommand implements Callable<Integer> {

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    AttributionOptionsMixin attribution;

    @Mixin
    RefinementOptions refinement;

    @Mixin
    SampleOptions sample;

    @Mixin
    JsonOutput json;

    @Mixin
    HubOptions hubs;

    @Option(
            names = "--hub-source",
            paramLabel = "FILE[#POINTER]",
            description = "Neuron sets whose frequencies define the hubs, in either format of --neurons"
                    + " (e.g. EleutherAI's whole file); default: the sets acted on.")
    String hubSource;

    @Option(
            names = "--neurons",
            paramLabel = "FILE[#POINTER]",
            description = "Neuron sets to act on instead of"
                    + " finding them: kn-lab's format (kn knowledge-neurons --json; in a larger result, name them with a JSON"
                    + " Pointer: replication.json#/neurons/sets) or EleutherAI's {uuid: [[layer, neuron], ...]}.")
    String neurons;

    // The step's parameters: descriptions, bounds and defaults from its schema and record (SettingsOptions).

    @Option(names = "--interventions", split = ",")
    List<String> interventions;

    @Option(names = "--factor")
    Double factor;

    @Option(names = "--evaluate", split = ",")
    List<String> evaluate;

    @Option(names = "--controls")
    Integer controls;

    @Option(names = "--gradient-controls", negatable = true, fallbackValue = "true")
    Boolean gradientControls;

    @Option(names = "--perplexity-sentences")
    Integer perplexitySentences;

    @Option(names = "--perplexity-controls")
    Integer perplexityControls;

    @Option(names = "--mean-reference-prompts")
    Integer meanReferencePrompts;

    @Option(names = "--bootstrap")
    Integer bootstrap;

    @Option(names = "--max-rows")
    Integer maxRows;

    @Option(names = "--dropout-repeats")
    Integer dropoutRepeats;

    @Option(names = "--dropout-facts")
    Integer dropoutFacts;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (LanguageModel model = modelOptions.load()) {
            ParaRel pararel = ParaRel.load(model.promptStyle());
            long seed = attribution.seed();
            InterventionSettings settings = SettingsOptions.of(spec)
                    .with("neurons", NeuronSetsFile.read(neurons))
                    .with("hubSource", NeuronSetsFile.read(hubSource, "--hub-source"))
                    .read(InterventionSettings.class);
            long start = System.nanoTime();
            NeuronSets sets = neuronSets(model, pararel, settings, seed);
            InterventionStudy study = InterventionStudy.run(
                    model, pararel, sets, settings, seed, ProgressBars.of("interventions", "facts"));
            study.warnings().forEach(w -> out.println("warning: " + w));
            out.printf(
                    "model %s sha256 %s; %d facts, seed %d, neurons %s, %.1f min%n%n",
                    model.identity().id(),
                    model.identity().sha256(),
                    sets.sets().size(),
                    seed,
                    sets.provenance().source(),
                    (System.nanoTime() - start) / 60e9);
            out.print(markdown(study.tables()));
            if (study.hubs() != null) {
                out.print(HubMarkdown.of(study.hubs(), study.tables()));
            }
            out.flush();
            json.write(new Result(study.tables(), study.hubs()));
            return 0;
        }
    }

    /** What {@code --json} writes: the tables, and the hub-aware sets' record (null when off). */
    record Result(InterventionSummary.Tables tables, HubControls.Report hubs) {}

    /** The file's sets, on a seeded sample of their facts; or sets found now on a seeded sample of ParaRel. */
    private NeuronSets neuronSets(LanguageModel model, ParaRel pararel, InterventionSettings settings, long seed) {
        if (settings.neurons() != null) {
            NeuronSets all = NeuronSetCodec.forModel(pararel, model).read(settings.neurons(), "neurons");
            List<String> chosen = sample.among(all.uuids(), pararel, model.tokenizer(), seed);
            return all.only(chosen);
        }
        SelectedFacts facts = sample.select(pararel, model.tokenizer(), seed);
        return new KnowledgeNeuronFinder(model)
                .run(
                        facts.facts().stream()
                                .map(f -> KnowledgeNeuronFinder.FactPrompts.of(f, pararel))
                                .toList(),
                        SettingsOptions.of(spec)
                                .without(AttributionSettings.BATCH_ROWS)
                                .read(KnowledgeNeuronsSettings.class),
                        seed,
                        ProgressBars.of("knowledge neurons", "facts"))
                .sets();
    }

    private static String markdown(InterventionSummary.Tables t) {
        StringBuilder b = new StringBuilder("| evaluation | intervention | ratio of means [95% CI] | mean of ratios"
                + " | controls (mean ± sd) | z | p | grad-matched | accuracy before → after | top-1 flips out / in"
                + " | mean KL |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (InterventionSummary.Row r : t.rows()) {
            if (!r.group().equals(InterventionSummary.ALL)) {
                continue;
            }
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %+.1f%% [%+.1f, %+.1f] | %+.1f%% | %+.1f%% ± %.1f | %.1f | %.3f | %s | %.2f → %.2f | %.2f / %.2f"
                            + " | %.4f |%n",
                    r.evaluation(),
                    r.intervention(),
                    100 * r.neurons().ratioOfMeans(),
                    100 * r.ratioOfMeansCi().low(),
                    100 * r.ratioOfMeansCi().high(),
                    100 * r.neurons().meanOfRatios(),
                    100 * r.ratioOfMeansVsControls().controlMean(),
                    100 * r.ratioOfMeansVsControls().controlSd(),
                    r.ratioOfMeansVsControls().z(),
                    r.ratioOfMeansVsControls().p(),
                    r.gradientMatched() == null
                            ? "–"
                            : String.format(
                                    Locale.ROOT,
                                    "%+.1f%%",
                                    100 * r.gradientMatched().ratioOfMeans()),
                    r.neurons().accuracyBefore(),
                    r.neurons().accuracyAfter(),
                    r.neurons().flipsOut(),
                    r.neurons().flipsIn(),
                    r.neurons().meanKl()));
        }
        b.append("\nPer relation (q: Benjamini-Hochberg over the relations of each evaluation and intervention):\n\n"
                + "| relation | evaluation | intervention | facts | ratio of means [95% CI] | controls (mean) | p | q"
                + " | top-1 flips out / in |\n|---|---|---|---|---|---|---|---|---|\n");
        for (InterventionSummary.Row r : t.rows()) {
            if (!r.group().equals(InterventionSummary.ALL)) {
                b.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %d | %+.1f%% [%+.1f, %+.1f] | %+.1f%% | %.3f | %.3f | %.2f / %.2f |%n",
                        r.group(),
                        r.evaluation(),
                        r.intervention(),
                        r.neurons().facts(),
                        100 * r.neurons().ratioOfMeans(),
                        100 * r.ratioOfMeansCi().low(),
                        100 * r.ratioOfMeansCi().high(),
                        100 * r.ratioOfMeansVsControls().controlMean(),
                        r.ratioOfMeansVsControls().p(),
                        r.q(),
                        r.neurons().flipsOut(),
                        r.neurons().flipsIn()));
            }
        }
        b.append("\n| intervention | pseudo-perplexity before → after | grad-matched after | controls after (mean) |\n"
                + "|---|---|---|---|\n");
        for (InterventionSummary.PerplexityRow p : t.perplexity()) {
            if (p.group().equals(InterventionSummary.ALL)) {
                b.append(String.format(
                        Locale.ROOT,
                        "| %s | %.2f → %.2f | %.2f | %s |%n",
                        p.intervention(),
                        p.before(),
                        p.after(),
                        p.gradientMatchedAfter(),
                        p.afterVsControls() == null
                                ? "–"
                                : String.format(
                                        Locale.ROOT, "%.2f", p.afterVsControls().controlMean())));
            }
        }
        return b.toString();
    }
}
