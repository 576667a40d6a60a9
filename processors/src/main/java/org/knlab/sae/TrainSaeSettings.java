package org.knlab.sae;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.IntStream;
import org.knlab.data.FactSelection;
import org.knlab.errors.InvalidParameterException;
import org.knlab.settings.Bounds;

/**
 * The {@code train-sae} step and command: a TopK sparse autoencoder per layer of {@code layers} (null =
 * the top third of the model's layers, where knowledge neurons live) on the activations at the answer
 * position of the prompts of a seeded sample of {@code factsPerRelation} facts of each of
 * {@code relations} (empty = all), trained as {@code training} says ({@link SaeTrainingSettings}). A
 * seeded {@code evaluationShare} of each relation's facts is kept out of training; the dictionaries'
 * quality is measured on their prompts.
 *
 * <p>{@code neurons}: neuron sets (inline; or, in a workflow, those of {@code input.fromStep}) whose facts
 * are kept out of training and evaluation altogether — the facts a later comparison studies. Read,
 * never echoed into parameter records.
 *
 * @param maxRows prompts per evaluation pass (memory, not results)
 */
public record TrainSaeSettings(
        List<String> relations,
        Integer factsPerRelation,
        List<Integer> layers,
        Double evaluationShare,
        @JsonUnwrapped SaeTrainingSettings training,
        Integer maxRows,

        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
        JsonNode neurons) {

    public TrainSaeSettings {
        relations = relations == null ? List.of() : List.copyOf(relations);
        factsPerRelation = Bounds.intIn("factsPerRelation", factsPerRelation, 40, 1, 100_000);
        if (layers != null) {
            Bounds.nonEmpty("layers", layers, layers);
            for (int i = 0; i < layers.size(); i++) {
                Bounds.intIn("layers[" + i + "]", layers.get(i), 0, 0, 1023);
            }
            if (layers.stream().distinct().count() != layers.size()) {
                throw new InvalidParameterException("layers", "layers must not repeat, got " + layers);
            }
            layers = List.copyOf(layers);
        }
        evaluationShare = Bounds.numberIn("evaluationShare", evaluationShare, 0.1, 0.01, 0.5);
        training = Bounds.orDefault(training, SaeTrainingSettings.DEFAULTS);
        maxRows = Bounds.intIn("maxRows", maxRows, 256, 1, 65_536);
    }

    /**
     * The facts trained on: a seeded sample of {@code factsPerRelation} facts of each of {@code relations}
     * (empty = all), the step's own selection (a workflow's request selects the facts it studies).
     */
    public FactSelection selection(long seed) {
        return new FactSelection(relations, List.of(), factsPerRelation, true, seed);
    }

    /** The layers asked for, or the top third of a model with {@code numLayers} layers. */
    public List<Integer> layersOf(int numLayers) {
        if (layers != null) {
            return layers;
        }
        int from = numLayers - Math.max(1, numLayers / 3);
        return IntStream.range(from, numLayers).boxed().toList();
    }
}
