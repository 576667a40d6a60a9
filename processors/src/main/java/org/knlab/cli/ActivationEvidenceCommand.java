package org.knlab.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.knlab.data.ParaRel;
import org.knlab.evidence.ActivationEvidence;
import org.knlab.evidence.ActivationEvidenceSettings;
import org.knlab.evidence.EvidenceMarkdown;
import org.knlab.neurons.NeuronSets;
import org.knlab.nn.LanguageModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kn activation-evidence}: the {@code activation-evidence} step on the command line; prints Markdown. */
@Command(
        name = "activation-evidence",
        mixinStandardHelpOptions = true,
        defaultValueProvider = StepDefaults.class,
        description = "The knowledge neurons' activation at [MASK] by prompt kind (own, subject only, relation only,"
                + " relation words removed, shuffled, object written in), against activation-selected and matched"
                + " random neurons: AUC, effect size and permutation p.")
final class ActivationEvidenceCommand implements Callable<Integer> {

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    NeuronSource source;

    @Mixin
    SampleOptions sample;

    @Option(names = "--kinds", split = ",")
    List<String> kinds;

    @Option(names = "--prompts-per-kind")
    Integer promptsPerKind;

    @Option(names = "--controls")
    Integer controls;

    @Option(names = "--permutations")
    Integer permutations;

    @Option(names = "--bootstrap")
    Integer bootstrap;

    @Mixin
    JsonOutput json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ActivationEvidenceSettings settings =
                SettingsOptions.of(spec).with("neurons", source.inline()).read(ActivationEvidenceSettings.class);
        try (LanguageModel model = modelOptions.load()) {
            ParaRel pararel = ParaRel.load(model.promptStyle());
            long seed = source.seed();
            long start = System.nanoTime();
            NeuronSets sets = source.sets(model, pararel, settings.neurons(), sample.relations(), sample.size());
            ActivationEvidence.Study study = new ActivationEvidence(model, pararel)
                    .run(sets.sets(), settings, seed, ProgressBars.of("activation evidence", "facts"));
            sets.warnings(model).forEach(w -> out.println("warning: " + w));
            out.printf(
                    "model %s sha256 %s; seed %d, %.1f min%n%n",
                    model.identity().id(), model.identity().sha256(), seed, (System.nanoTime() - start) / 60e9);
            out.print(EvidenceMarkdown.of(study));
            out.flush();
            json.write(study);
            return 0;
        }
    }
}
