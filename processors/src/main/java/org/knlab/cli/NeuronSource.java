package org.knlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.knlab.attribution.AttributionSettings;
import org.knlab.attribution.KnowledgeNeuronFinder;
import org.knlab.attribution.KnowledgeNeuronsSettings;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.data.Seeds;
import org.knlab.errors.InvalidInputException;
import org.knlab.intervention.EvaluationSets;
import org.knlab.neurons.NeuronSetCodec;
import org.knlab.neurons.NeuronSets;
import org.knlab.nn.LanguageModel;
import org.knlab.settings.SampleSize;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where {@code kn edit-fact} and {@code kn erase-relation} get their neuron sets: {@code --neurons FILE},
 * or found now (as a knowledge-neurons step would) on a seeded sample of each relation's facts.
 */
final class NeuronSource {

    @Mixin
    AttributionOptionsMixin attribution;

    @Mixin
    RefinementOptions refinement;

    /** The command this mixin is part of: its options say the refinement settings. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(
            names = "--neurons",
            paramLabel = "FILE[#POINTER]",
            description = "Neuron sets instead of finding them:"
                    + " kn-lab's format (kn knowledge-neurons --json; in a larger result, name them with a JSON Pointer:"
                    + " replication.json#/neurons/sets) or EleutherAI's {uuid: [[layer, neuron], ...]}.")
    String neurons;

    /** The --neurons JSON, for the settings record's {@code neurons}; null when not given. */
    JsonNode inline() throws IOException {
        return NeuronSetsFile.read(neurons);
    }

    /** The sets in {@code inline} (the settings' {@code neurons}), or found now on each relation's sample. */
    NeuronSets sets(
            LanguageModel model, ParaRel pararel, JsonNode inline, List<String> relations, SampleSize perRelation) {
        if (inline != null) {
            return NeuronSetCodec.forModel(pararel, model).read(inline, "neurons");
        }
        EvaluationSets facts = new EvaluationSets(pararel, model.tokenizer(), seed());
        List<KnowledgeNeuronFinder.FactPrompts> sample = new ArrayList<>();
        for (int i = 0; i < relations.size(); i++) {
            if (pararel.relation(relations.get(i)).isEmpty()) {
                throw new InvalidInputException("relations[" + i + "]", "unknown relation '" + relations.get(i) + "'");
            }
            for (Fact f : perRelation.draw(facts.factsOf(relations.get(i)), Seeds.of(seed(), relations.get(i)))) {
                sample.add(KnowledgeNeuronFinder.FactPrompts.of(f, pararel));
            }
        }
        return new KnowledgeNeuronFinder(model)
                .run(
                        sample,
                        SettingsOptions.of(command)
                                .without(AttributionSettings.BATCH_ROWS)
                                .read(KnowledgeNeuronsSettings.class),
                        seed(),
                        ProgressBars.of("knowledge neurons", "facts"))
                .sets();
    }

    long seed() {
        return attribution.seed();
    }
}
