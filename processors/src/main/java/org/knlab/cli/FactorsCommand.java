package org.knlab.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.knlab.data.ParaRel;
import org.knlab.factors.FactorComparison;
import org.knlab.factors.FactorMarkdown;
import org.knlab.factors.FactorsSettings;
import org.knlab.neurons.NeuronSets;
import org.knlab.nn.LanguageModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kn factors}: the {@code factors} step on the command line; prints Markdown. */
@Command(
        name = "factors",
        mixinStandardHelpOptions = true,
        defaultValueProvider = StepDefaults.class,
        description = "Knowledge neurons against NMF and PCA factors, the features of a sparse autoencoder"
                + " (train-sae) and random directions and units in the same layers, removed at [MASK], at equal size"
                + " and at equal norm of the change; units needed to remove P(gold), and the units' purity.")
final class FactorsCommand implements Callable<Integer> {

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    NeuronSource source;

    @Mixin
    SampleOptions sample;

    @Option(names = "--factorisations", split = ",")
    List<String> factorisations;

    @Option(names = "--rank")
    Integer rank;

    @Option(names = "--sample-prompts")
    Integer samplePrompts;

    @Option(names = "--factor-steps")
    Integer factorSteps;

    @Option(names = "--sizes", split = ",")
    List<Integer> sizes;

    @Option(names = "--controls")
    Integer controls;

    @Option(names = "--bootstrap")
    Integer bootstrap;

    @Option(names = "--max-rows")
    Integer maxRows;

    @Option(names = "--dictionary")
    String dictionary;

    @Option(names = "--curve-sizes", split = ",")
    List<Integer> curveSizes;

    @Option(names = "--removal-target")
    Double removalTarget;

    @Option(names = "--purity-prompts")
    Integer purityPrompts;

    @Option(names = "--purity-top")
    Integer purityTop;

    @Mixin
    JsonOutput json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        FactorsSettings settings =
                SettingsOptions.of(spec).with("neurons", source.inline()).read(FactorsSettings.class);
        try (LanguageModel model = modelOptions.load()) {
            ParaRel pararel = ParaRel.load(model.promptStyle());
            long seed = source.seed();
            long start = System.nanoTime();
            NeuronSets sets = source.sets(model, pararel, settings.neurons(), sample.relations(), sample.size());
            FactorComparison.Study study = new FactorComparison(
                            model, pararel, modelOptions.storeOptions.store().root())
                    .run(sets.sets(), settings, seed, ProgressBars.of("factors", "facts"));
            sets.warnings(model).forEach(w -> out.println("warning: " + w));
            out.printf(
                    "model %s sha256 %s; seed %d, %.1f min%n%n",
                    model.identity().id(), model.identity().sha256(), seed, (System.nanoTime() - start) / 60e9);
            out.print(FactorMarkdown.of(study));
            out.flush();
            json.write(study);
            return 0;
        }
    }
}
