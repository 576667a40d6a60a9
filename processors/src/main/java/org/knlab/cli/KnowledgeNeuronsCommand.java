package org.knlab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.knlab.attribution.AttributionSettings;
import org.knlab.attribution.KnowledgeNeuron;
import org.knlab.attribution.KnowledgeNeuronFinder;
import org.knlab.attribution.KnowledgeNeuronsSettings;
import org.knlab.data.ParaRel;
import org.knlab.errors.InvalidInputException;
import org.knlab.neurons.NeuronSet;
import org.knlab.neurons.NeuronSetCodec;
import org.knlab.nn.LanguageModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kn knowledge-neurons}: the refined neuron set of a ParaRel fact, or of prompts given here. */
@Command(
        name = "knowledge-neurons",
        mixinStandardHelpOptions = true,
        defaultValueProvider = StepDefaults.class,
        description = "Find a fact's knowledge neurons: --uuid for a ParaRel fact, or --gold with its prompts.")
final class KnowledgeNeuronsCommand implements Callable<Integer> {

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    AttributionOptionsMixin attribution;

    @Option(
            names = "--uuid",
            paramLabel = "UUID",
            description = "ParaRel fact(s); the relation's facts tune p together.")
    List<String> uuids = new ArrayList<>();

    @Mixin
    GoldOption gold;

    @Mixin
    RefinementOptions refinement;

    /** The neuron sets in kn-lab's format: the input of {@code kn interventions --neurons}. */
    @Mixin
    JsonOutput json;

    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Prompts of one fact (with --gold).")
    List<String> texts = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (LanguageModel model = modelOptions.load()) {
            List<KnowledgeNeuronFinder.FactPrompts> facts = new ArrayList<>();
            ParaRel pararel = ParaRel.load(model.promptStyle());
            for (String uuid : uuids) {
                facts.add(KnowledgeNeuronFinder.FactPrompts.of(
                        pararel.fact(uuid)
                                .orElseThrow(() ->
                                        new InvalidInputException("uuid", "no ParaRel fact has uuid '" + uuid + "'")),
                        pararel));
            }
            if (!texts.isEmpty()) {
                if (gold.word == null) {
                    throw new InvalidInputException("gold", "prompts need --gold");
                }
                facts.add(new KnowledgeNeuronFinder.FactPrompts("cli", "cli", gold.word, texts));
            }
            if (facts.isEmpty()) {
                throw new InvalidInputException("uuid", "give --uuid UUID or --gold WORD with prompts");
            }
            KnowledgeNeuronFinder.Result r = new KnowledgeNeuronFinder(model)
                    .run(
                            facts,
                            SettingsOptions.of(spec)
                                    .without(AttributionSettings.BATCH_ROWS)
                                    .read(KnowledgeNeuronsSettings.class),
                            attribution.seed(),
                            ProgressBars.of("knowledge neurons", "facts"));
            json.write(NeuronSetCodec.write(r.sets()));
            for (NeuronSet f : r.facts()) {
                out.printf(
                        "%s (%s → %s): %d neurons, p = %.2f, chosen on prompts %s%s%n",
                        f.uuid(),
                        f.relation(),
                        f.object(),
                        f.neurons().size(),
                        f.promptShare(),
                        f.selectionPrompts(),
                        f.heldOutPrompts().isEmpty() ? "" : ", held out " + f.heldOutPrompts());
                for (KnowledgeNeuron k : f.neurons()) {
                    out.printf(
                            "  layer %2d  neuron %4d  in %d prompts  mean score %.6g%n",
                            k.layer(), k.index(), k.prompts(), k.meanScore());
                }
            }
            return 0;
        }
    }
}
