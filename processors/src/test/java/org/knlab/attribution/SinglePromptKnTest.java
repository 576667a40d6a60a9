package org.knlab.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.comparison.CompareMethodsSettings;
import org.knlab.errors.InvalidParameterException;
import org.knlab.experiments.ProgressListener;
import org.knlab.neurons.NeuronSet;
import org.knlab.nn.BertModel;
import org.knlab.settings.StepParams;
import org.knlab.testing.TinyBert;
import org.knlab.testing.TinyModels;

/**
 * The single-prompt KN (ROME's and EasyEdit's baseline): the coarse set of the first selection prompt's
 * IG scores at t = 0.2 of their maximum, nothing refined over the other prompts, which are not attributed.
 */
class SinglePromptKnTest {

    @TempDir
    Path store;

    @Test
    void isTheFirstPromptsCoarseSetAlone() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(5), store)) {
            List<String> prompts = List.of(
                    "the capital of france is [MASK] .",
                    "paris is the capital of [MASK] .",
                    "the country of paris is [MASK] .");
            KnowledgeNeuronFinder.FactPrompts fact =
                    new KnowledgeNeuronFinder.FactPrompts("f", "P1376", "france", prompts);
            KnowledgeNeuronsSettings settings = new KnowledgeNeuronsSettings(
                    new AttributionSettings(null, "fast", null, 4, null), "single-prompt", null, null, 0.0);
            int[] attributed = {0};
            NeuronSet set = new KnowledgeNeuronFinder(model)
                    .run(
                            List.of(fact),
                            settings,
                            0,
                            ProgressListener.NONE,
                            (f, split, results, seconds) -> attributed[0] = results.size())
                    .facts()
                    .get(0);
            assertEquals(1, attributed[0], "only one prompt is attributed");
            assertEquals(List.of(0), set.selectionPrompts());

            float[][] scores = new IntegratedGradients(model, Quadrature.GAUSS_LEGENDRE, 4, 64)
                    .attribute(
                            List.of(prompts.get(0)),
                            model.tokenizer().singleTokenId("france", "gold"),
                            ProgressListener.NONE)
                    .get(0)
                    .scores();
            Map<Neuron, Float> expected = Refinement.coarse(scores, RefinementRule.SINGLE_PROMPT);
            assertFalse(expected.isEmpty());
            Set<Neuron> found =
                    set.neurons().stream().map(KnowledgeNeuron::neuron).collect(Collectors.toSet());
            assertEquals(expected.keySet(), found);

            NeuronSet refined = new KnowledgeNeuronFinder(model)
                    .run(
                            List.of(fact),
                            new KnowledgeNeuronsSettings(
                                    new AttributionSettings(null, "fast", null, 4, null), "eleuther", null, null, 0.0),
                            0,
                            ProgressListener.NONE)
                    .facts()
                    .get(0);
            assertEquals(List.of(0, 1, 2), refined.selectionPrompts(), "a refined rule attributes every prompt");
        }
    }

    @Test
    void aSinglePromptMethodWithZeroStepsIsAnErrorNamingSteps() {
        ObjectMapper json = new ObjectMapper();
        InvalidParameterException kn = assertThrows(
                InvalidParameterException.class,
                () -> StepParams.read(
                        json.createObjectNode().put("rule", "single-prompt").put("steps", 0),
                        KnowledgeNeuronsSettings.class));
        assertEquals("steps", kn.field());
        ObjectNode compare = json.createObjectNode().put("steps", 0);
        compare.putArray("methods").add("ig-one-prompt");
        InvalidParameterException methods = assertThrows(
                InvalidParameterException.class, () -> StepParams.read(compare, CompareMethodsSettings.class));
        assertEquals("steps", methods.field());
    }
}
