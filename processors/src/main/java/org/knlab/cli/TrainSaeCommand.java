package org.knlab.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.knlab.data.FactSelector;
import org.knlab.data.ParaRel;
import org.knlab.neurons.NeuronSet;
import org.knlab.neurons.NeuronSetCodec;
import org.knlab.nn.LanguageModel;
import org.knlab.sae.SaeMarkdown;
import org.knlab.sae.SaeTrainingReport;
import org.knlab.sae.SaeTrainingRun;
import org.knlab.sae.TrainSaeSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kn train-sae}: the {@code train-sae} step on the command line; prints Markdown. */
@Command(
        name = "train-sae",
        mixinStandardHelpOptions = true,
        defaultValueProvider = StepDefaults.class,
        description = "Train a TopK sparse autoencoder per layer on the FFN activations at the answer position of"
                + " the sampled facts' prompts; stored in the model store (ask again to resume).")
final class TrainSaeCommand implements Callable<Integer> {

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--relations", split = ",", paramLabel = "P..")
    List<String> relations;

    @Option(names = "--facts-per-relation")
    Integer factsPerRelation;

    @Option(names = "--layers", split = ",")
    List<Integer> layers;

    @Option(names = "--evaluation-share")
    Double evaluationShare;

    @Option(names = "--width")
    Integer width;

    @Option(names = "--k")
    Integer k;

    @Option(names = "--learning-rate")
    Double learningRate;

    @Option(names = "--batch-size")
    Integer batchSize;

    @Option(names = "--epochs")
    Double epochs;

    @Option(names = "--checkpoint-every")
    Integer checkpointEvery;

    @Option(names = "--dead-after")
    Integer deadAfter;

    @Option(names = "--max-rows")
    Integer maxRows;

    @Option(
            names = "--neurons",
            paramLabel = "FILE[#POINTER]",
            description = "Neuron sets whose facts are kept out of training and evaluation (the facts a later"
                    + " comparison studies); kn-lab's or EleutherAI's format.")
    String neurons;

    @Mixin
    SeedOption seed;

    @Mixin
    JsonOutput json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TrainSaeSettings settings = SettingsOptions.of(spec)
                .with("neurons", NeuronSetsFile.read(neurons))
                .read(TrainSaeSettings.class);
        try (LanguageModel model = modelOptions.load()) {
            ParaRel pararel = ParaRel.load(model.promptStyle());
            List<NeuronSet> excluded = settings.neurons() == null
                    ? List.of()
                    : NeuronSetCodec.forModel(pararel, model)
                            .read(settings.neurons(), "neurons")
                            .sets();
            SaeTrainingReport report = new SaeTrainingRun(
                            model, pararel, modelOptions.storeOptions.store().root())
                    .run(
                            new FactSelector(pararel, model.tokenizer())
                                    .select(settings.selection(seed.value))
                                    .facts(),
                            excluded,
                            settings,
                            seed.value,
                            ProgressBars.of("train-sae", "steps"));
            out.printf(
                    "model %s sha256 %s; seed %d%n%n",
                    model.identity().id(), model.identity().sha256(), seed.value);
            out.print(SaeMarkdown.of(report));
            out.flush();
            json.write(report);
            return 0;
        }
    }
}
