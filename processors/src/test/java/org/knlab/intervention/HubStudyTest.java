package org.knlab.intervention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.attribution.KnowledgeNeuron;
import org.knlab.attribution.Neuron;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.experiments.ProgressListener;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.neurons.NeuronFrequency;
import org.knlab.neurons.NeuronSet;
import org.knlab.neurons.NeuronSets;
import org.knlab.neurons.Provenance;
import org.knlab.nn.BertModel;
import org.knlab.settings.StepParams;
import org.knlab.testing.TinyBert;
import org.knlab.testing.TinyModels;

/**
 * The hub-aware sets through a real forward pass on a tiny BERT: six facts, two planted hubs (each in
 * three sets) and one neuron of each fact's own. The hub-free and hub-matched outcomes equal the
 * runner on those sets measured alone, and the share the hubs carry is the hand computation.
 */
class HubStudyTest {

    @TempDir
    Path store;

    @Test
    void hubFreeAndHubMatchedSetsAreMeasuredLikeAnyOtherSet() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(43), store)) {
            ParaRel pararel = ParaRel.load();
            List<Fact> facts = pararel.facts().stream()
                    .filter(f -> model.tokenizer().singleToken(f.object()).isPresent()
                            && pararel.prompts(f).size() > 3)
                    .limit(6)
                    .toList();
            int last = model.config().numLayers() - 1;
            List<NeuronSet> sets = new ArrayList<>();
            for (int i = 0; i < facts.size(); i++) {
                Fact f = facts.get(i);
                sets.add(new NeuronSet(
                        f.uuid(),
                        f.relation(),
                        f.object(),
                        List.of(KnowledgeNeuron.at(last, i < 3 ? 0 : 1), KnowledgeNeuron.at(last, 2 + i)),
                        null,
                        null,
                        null));
            }
            NeuronSets neuronSets = inline(sets);
            ObjectNode params = suppressOnOwnPrompts(20).put("hubControls", 3).put("hubThreshold", 0.4);
            params.putArray("frequencyBands").add(0.4);
            InterventionSettings settings = StepParams.read(params, InterventionSettings.class);
            long seed = 4;
            InterventionStudy study =
                    InterventionStudy.run(model, pararel, neuronSets, settings, seed, ProgressListener.NONE);

            assertEquals(6, study.hubs().factsWithHub());
            assertEquals(6, study.hubs().factsWithHubMatch(), "each hub matches the other hub of its layer");
            assertEquals(2, study.hubs().frequency().hubs().size());

            HubControls controls = new HubControls(
                    NeuronFrequency.of(neuronSets, "own"),
                    settings.hubs(),
                    model.config().intermediateSize());
            InterventionRunner runner = new InterventionRunner(model, settings.maxRows());
            EvaluationSets evaluation = new EvaluationSets(pararel, model.tokenizer(), seed);
            List<List<PromptOutcome>> neurons = new ArrayList<>();
            List<List<PromptOutcome>> hubFree = new ArrayList<>();
            for (int i = 0; i < sets.size(); i++) {
                NeuronSet f = sets.get(i);
                InterventionExperiment.Cell cell =
                        study.records().get(i).cells().get("own").get(InterventionKind.SUPPRESS);
                HubControls.FactHubs hubs = controls.forFacts(List.of(f), seed).get(f.uuid());
                assertEquals(List.of(new Neuron(last, 2 + i)), hubs.hubFree());
                for (List<Neuron> matched : hubs.matched()) {
                    assertTrue(matched.contains(new Neuron(last, i < 3 ? 1 : 0)), "the other hub: " + matched);
                }
                EvaluationSets.Prompts own = evaluation.of(f, EvaluationSet.OWN);
                List<List<PromptOutcome>> alone = runner.run(
                        ClozeBatch.of(model.tokenizer(), own.prompts()),
                        own.gold(),
                        Intervention.suppress(),
                        List.of(hubs.hubFree(), hubs.matched().get(2)));
                assertOutcomesClose(alone.get(0), cell.hubFree());
                assertOutcomesClose(alone.get(1), cell.hubMatched().get(2));
                neurons.add(cell.neurons());
                hubFree.add(cell.hubFree());
            }
            InterventionSummary.Row all = study.tables().rows().stream()
                    .filter(r -> r.group().equals(InterventionSummary.ALL))
                    .findFirst()
                    .orElseThrow();
            assertNotNull(all.hubs());
            assertEquals(
                    1 - EffectSummary.ratioOfMeans(hubFree) / EffectSummary.ratioOfMeans(neurons),
                    all.hubs().carriedByHubs(),
                    1e-12);
            assertEquals(6, all.hubs().matchedFacts());
            assertEquals(3, all.hubs().ratioOfMeansVsHubMatched().controls());
        }
    }

    @Test
    void aHubSourceIsNotReadWhenNoControlUsesHubs() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(43), store)) {
            ParaRel pararel = ParaRel.load();
            Fact f = pararel.facts().stream()
                    .filter(x -> model.tokenizer().singleToken(x.object()).isPresent())
                    .findFirst()
                    .orElseThrow();
            NeuronSet set = new NeuronSet(
                    f.uuid(), f.relation(), f.object(), List.of(KnowledgeNeuron.at(0, 1)), null, null, null);
            NeuronSets neuronSets = inline(List.of(set));
            ObjectNode params = suppressOnOwnPrompts(10).put("hubControls", 0).put("hubFree", false);
            // a population the model could not hold (layer 99): an error, were it read
            params.putObject("hubSource").putArray(f.uuid()).addArray().add(99).add(0);
            InterventionSettings settings = StepParams.read(params, InterventionSettings.class);
            InterventionStudy study =
                    InterventionStudy.run(model, pararel, neuronSets, settings, 1, ProgressListener.NONE);
            assertEquals(1, study.records().size());
            assertTrue(
                    study.warnings().stream().anyMatch(w -> w.startsWith("hubSource is not read")),
                    "warned: " + study.warnings());
        }
    }

    private static NeuronSets inline(List<NeuronSet> sets) {
        return new NeuronSets(new Provenance(Provenance.INLINE, null, null, null, null, null), sets, List.of());
    }

    /** Interventions params: suppression on the own prompts, two random controls, no gradient controls. */
    private static ObjectNode suppressOnOwnPrompts(int bootstrap) {
        ObjectNode params = new ObjectMapper().createObjectNode();
        params.putArray("interventions").add("suppress");
        params.putArray("evaluate").add("own");
        return params.put("controls", 2)
                .put("gradientControls", false)
                .put("perplexitySentences", 0)
                .put("bootstrap", bootstrap);
    }

    /** Batched with other sets or alone: the same probabilities up to float rounding of the batch. */
    private static void assertOutcomesClose(List<PromptOutcome> expected, List<PromptOutcome> actual) {
        assertEquals(expected.size(), actual.size());
        for (int p = 0; p < expected.size(); p++) {
            assertEquals(expected.get(p).logProbBefore(), actual.get(p).logProbBefore(), 1e-5);
            assertEquals(expected.get(p).logProbAfter(), actual.get(p).logProbAfter(), 1e-5);
        }
    }
}
