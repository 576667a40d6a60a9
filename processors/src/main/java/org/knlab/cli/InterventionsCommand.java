package org.knlab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.knlab.attribution.KnowledgeNeuronFinder;
import org.knlab.attribution.RefinementRule;
import org.knlab.data.ParaRel;
import org.knlab.data.SelectedFacts;
import org.knlab.experiments.ProgressListener;
import org.knlab.intervention.Bootstrap;
import org.knlab.intervention.EvaluationSet;
import org.knlab.intervention.InterventionExperiment;
import org.knlab.intervention.InterventionKind;
import org.knlab.intervention.InterventionRunner;
import org.knlab.intervention.InterventionSettings;
import org.knlab.intervention.InterventionSummary;
import org.knlab.nn.BertModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kn interventions}: knowledge neurons of sampled facts, then interventions on them with controls. */
@Command(name = "interventions", mixinStandardHelpOptions = true,
        description = "Find knowledge neurons (held-out prompts kept back), intervene on them, and compare with"
                + " matched random and gradient-matched controls on several evaluation sets.")
final class InterventionsCommand implements Callable<Integer> {

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    AttributionOptionsMixin attribution;

    @Mixin
    SampleOptions sample;

    @Option(names = "--held-out", defaultValue = "0.25", description = "Share of each fact's prompts held out.")
    double heldOut;

    @Option(names = "--interventions", split = ",", defaultValue = "suppress,amplify,unk-slot,zero-slot",
            description = "suppress, amplify, mean, resample, unk-slot, zero-slot.")
    List<String> interventions;

    @Option(names = "--evaluate", split = ",", defaultValue = "own,held-out,same-relation,other-relation,same-gold",
            description = "Evaluation sets.")
    List<String> evaluate;

    @Option(names = "--perplexity-sentences", defaultValue = "10", description = "Held-out sentences for pseudo-perplexity.")
    int perplexitySentences;

    @Option(names = "--perplexity-controls", defaultValue = "5", description = "Controls also run on those sentences.")
    int perplexityControls;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (BertModel model = modelOptions.load()) {
            ParaRel pararel = ParaRel.load();
            long seed = attribution.seed;
            SelectedFacts facts = sample.select(pararel, model.tokenizer(), seed);
            InterventionSettings settings = new InterventionSettings(
                    interventions.stream().map(InterventionKind::parse).toList(), 2f,
                    evaluate.stream().map(EvaluationSet::parse).toList(), sample.controls, true, perplexitySentences,
                    perplexityControls, 100, Bootstrap.DEFAULT_RESAMPLES, seed, InterventionRunner.DEFAULT_MAX_ROWS);
            long start = System.nanoTime();
            KnowledgeNeuronFinder.Result neurons = new KnowledgeNeuronFinder(model).run(
                    facts.facts().stream().map(f -> KnowledgeNeuronFinder.FactPrompts.of(f, pararel)).toList(),
                    attribution.options(), RefinementRule.AUTHORS, heldOut, seed, ProgressListener.NONE);
            InterventionSummary.Tables tables = InterventionSummary.of(new InterventionExperiment(model, pararel,
                    settings).run(neurons.facts(), (done, total) -> System.err.printf("\r%d/%d", done, total)),
                    settings.bootstrapResamples(), seed);
            System.err.println();
            out.printf("model %s sha256 %s; %d facts (ids sha256 %s), seed %d, %.1f neurons/fact, %.1f min%n%n",
                    model.identity().id(), model.identity().sha256(), facts.facts().size(), facts.digest(), seed,
                    neurons.statistics().meanPerFact(), (System.nanoTime() - start) / 60e9);
            out.print(markdown(tables));
            out.flush();
            if (sample.json != null) {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(sample.json.toFile(), tables);
            }
            return 0;
        }
    }

    private static String markdown(InterventionSummary.Tables t) {
        StringBuilder b = new StringBuilder("| evaluation | intervention | ratio of means [95% CI] | mean of ratios"
                + " | controls (mean ± sd) | z | p | grad-matched | accuracy before → after | mean KL |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        for (InterventionSummary.Row r : t.rows()) {
            if (!r.group().equals(InterventionSummary.ALL)) {
                continue;
            }
            b.append(String.format(Locale.ROOT,
                    "| %s | %s | %+.1f%% [%+.1f, %+.1f] | %+.1f%% | %+.1f%% ± %.1f | %.1f | %.3f | %+.1f%% | %.2f → %.2f | %.4f |%n",
                    r.evaluation(), r.intervention(), 100 * r.neurons().ratioOfMeans(), 100 * r.ratioOfMeansCi().low(),
                    100 * r.ratioOfMeansCi().high(), 100 * r.neurons().meanOfRatios(),
                    100 * r.ratioOfMeansVsControls().controlMean(), 100 * r.ratioOfMeansVsControls().controlSd(),
                    r.ratioOfMeansVsControls().z(), r.ratioOfMeansVsControls().p(),
                    100 * r.gradientMatched().ratioOfMeans(), r.neurons().accuracyBefore(),
                    r.neurons().accuracyAfter(), r.neurons().meanKl()));
        }
        b.append("\n| intervention | pseudo-perplexity before → after | grad-matched after | controls after (mean) |\n"
                + "|---|---|---|---|\n");
        for (InterventionSummary.PerplexityRow p : t.perplexity()) {
            if (p.group().equals(InterventionSummary.ALL)) {
                b.append(String.format(Locale.ROOT, "| %s | %.2f → %.2f | %.2f | %s |%n", p.intervention(), p.before(),
                        p.after(), p.gradientMatchedAfter(), p.afterVsControls() == null ? "–"
                                : String.format(Locale.ROOT, "%.2f", p.afterVsControls().controlMean())));
            }
        }
        return b.toString();
    }
}
