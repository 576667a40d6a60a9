package org.knlab.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.attribution.KnowledgeNeuron;
import org.knlab.attribution.Neuron;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.experiments.ProgressListener;
import org.knlab.intervention.ControlSets;
import org.knlab.intervention.MaskActivations;
import org.knlab.neurons.NeuronSet;
import org.knlab.nn.BertModel;
import org.knlab.testing.TinyBert;
import org.knlab.testing.TinyModels;

/** The evidence's sets, activations and AUCs recomputed by hand on a tiny BERT. */
class ActivationEvidenceTest {

    private static final ParaRel PARAREL = ParaRel.load();

    @TempDir
    Path store;

    @Test
    void controlsAreMatchedAndEveryNumberIsRecomputable() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(11), store)) {
            Fact fact = PARAREL.facts("P36").get(0);
            List<KnowledgeNeuron> neurons = List.of(
                    new KnowledgeNeuron(0, 3, null, null),
                    new KnowledgeNeuron(1, 5, null, null),
                    new KnowledgeNeuron(1, 9, null, null));
            NeuronSet set = new NeuronSet(fact.uuid(), fact.relation(), fact.object(), neurons, null, null, null);
            NeuronSet empty =
                    new NeuronSet(PARAREL.facts("P36").get(1).uuid(), "P36", "x", List.of(), null, null, null);
            ActivationEvidenceSettings settings = new ActivationEvidenceSettings(null, 4, 3, 500, 20, null);
            ActivationEvidence.Study study =
                    new ActivationEvidence(model, PARAREL).run(List.of(set, empty), settings, 5, ProgressListener.NONE);
            assertEquals(1, study.skipped(), "a set without neurons is skipped");
            ActivationEvidence.FactEvidence row = study.facts().get(0);

            Map<PromptKind, List<String>> prompts = new EvidencePrompts(PARAREL, 4).of(fact, settings.allKinds(), 5);
            List<String> all = prompts.values().stream().flatMap(List::stream).toList();
            MaskActivations activations = MaskActivations.of(model, all);
            int own = prompts.get(PromptKind.OWN).size();
            List<Neuron> knowledge = set.neuronList();
            List<Neuron> selected = ControlSets.topScoring(
                    knowledge, activations.meanByNeuron(IntStream.range(0, own).toArray()));
            assertEquals(
                    ControlSets.layerHistogram(knowledge),
                    ControlSets.layerHistogram(selected),
                    "activation-selected: same count per layer");
            assertTrue(selected.stream().noneMatch(knowledge::contains));

            double[] perPrompt = new double[all.size()];
            for (int p = 0; p < all.size(); p++) {
                for (Neuron n : knowledge) {
                    perPrompt[p] += activations.values()[p][n.layer()][n.index()] / 3.0;
                }
            }
            assertEquals(
                    Arrays.stream(perPrompt, 0, own).average().orElseThrow(),
                    row.activation().get(ActivationEvidence.KNOWLEDGE).get("own"),
                    1e-6);
            int start = own;
            List<Double> against = new ArrayList<>();
            for (PromptKind kind : List.of(
                    PromptKind.SUBJECT_ONLY,
                    PromptKind.RELATION_ONLY,
                    PromptKind.RELATION_REMOVED,
                    PromptKind.SHUFFLED)) {
                int size = prompts.get(kind).size();
                assertEquals(size, row.prompts().get(kind.id()));
                if (kind != PromptKind.RELATION_ONLY) {
                    IntStream.range(start, start + size).forEach(p -> against.add(perPrompt[p]));
                }
                start += size;
            }
            double auc = Separation.auc(
                    Arrays.copyOf(perPrompt, own),
                    against.stream().mapToDouble(d -> d).toArray());
            assertEquals(auc, row.auc().get(ActivationEvidence.KNOWLEDGE).get("relation-expressed"), 1e-9);

            ActivationEvidence.ContrastRow knowledgeRow = study.contrasts().stream()
                    .filter(r -> r.set().equals(ActivationEvidence.KNOWLEDGE)
                            && r.contrast().equals("relation-expressed"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(auc - 0.5, knowledgeRow.difference(), 1e-9, "knowledge neurons: AUC − 0.5");
            assertEquals(9, study.contrasts().size(), "3 sets × 3 contrasts");
            assertEquals(3 * 6, study.kinds().size(), "3 sets × 6 kinds");
            assertFalse(EvidenceMarkdown.of(study).isBlank());
        }
    }
}
