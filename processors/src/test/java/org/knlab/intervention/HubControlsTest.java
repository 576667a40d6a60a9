package org.knlab.intervention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.knlab.attribution.KnowledgeNeuron;
import org.knlab.attribution.Neuron;
import org.knlab.errors.InvalidParameterException;
import org.knlab.model.ModelIdentity;
import org.knlab.neurons.NeuronFrequency;
import org.knlab.neurons.NeuronSet;
import org.knlab.neurons.NeuronSets;
import org.knlab.neurons.Provenance;
import org.knlab.settings.StepParams;

/**
 * Hub-aware controls on a population with planted hubs: every hub-matched set has the fact's
 * (layer, frequency band) histogram exactly, outside the fact's set; the hub-free set is the set minus
 * exactly its neurons above the threshold; draws depend on the fact's own seed; no exact match, no set.
 */
class HubControlsTest {

    private static final int WIDTH = 64;

    /** 200 facts over layers 9–11: each set holds 0–2 of six planted hubs and 2–4 rarer neurons. */
    private static NeuronSets population() {
        Random rnd = new Random(7);
        int[][] hubs = {{9, 1}, {10, 2}, {10, 3}, {11, 4}, {11, 5}, {11, 6}};
        List<NeuronSet> sets = new ArrayList<>();
        for (int f = 0; f < 200; f++) {
            Set<Neuron> set = new HashSet<>();
            int nHubs = rnd.nextInt(3);
            for (int h = 0; h < nHubs; h++) {
                int[] hub = hubs[rnd.nextInt(hubs.length)];
                set.add(new Neuron(hub[0], hub[1]));
            }
            int rare = 2 + rnd.nextInt(3);
            while (set.size() < nHubs + rare) {
                set.add(new Neuron(9 + rnd.nextInt(3), 8 + rnd.nextInt(WIDTH - 8)));
            }
            sets.add(new NeuronSet(
                    "fact-" + f,
                    "P" + (f % 5),
                    "o",
                    set.stream()
                            .sorted()
                            .map(n -> KnowledgeNeuron.at(n.layer(), n.index()))
                            .toList(),
                    null,
                    null,
                    null));
        }
        return new NeuronSets(new Provenance(Provenance.INLINE, "ig", null, "tiny", null, null), sets, List.of());
    }

    @Test
    void matchedSetsHoldTheFactsLayerAndBandHistogramExactly() {
        NeuronSets population = population();
        NeuronFrequency frequency = NeuronFrequency.of(population, "own");
        HubSettings settings = new HubSettings(10, true, 0.05, List.of(0.01, 0.05));
        HubControls controls = new HubControls(frequency, settings, WIDTH);
        Map<String, HubControls.FactHubs> hubs = controls.forFacts(population.sets(), 3);
        int matched = 0;
        for (NeuronSet f : population.sets()) {
            List<Neuron> set = f.neuronList();
            HubControls.FactHubs h = hubs.get(f.uuid());
            if (h.matched().isEmpty()) {
                continue;
            }
            matched++;
            assertEquals(10, h.matched().size());
            Map<List<Integer>, Integer> expected = histogram(set, controls);
            for (List<Neuron> control : h.matched()) {
                assertEquals(expected, histogram(control, controls), f.uuid());
                assertEquals(control.size(), new HashSet<>(control).size(), "no neuron twice in one set");
                assertTrue(control.stream().noneMatch(set::contains), "no neuron of the fact's own set");
            }
        }
        assertTrue(matched > 150, "most facts of this population have an exact match: " + matched);
    }

    @Test
    void hubFreeIsTheSetMinusExactlyItsNeuronsAboveTheThreshold() {
        NeuronSets population = population();
        NeuronFrequency frequency = NeuronFrequency.of(population, "own");
        double threshold = 0.05;
        HubControls controls = new HubControls(frequency, new HubSettings(0, true, threshold, null), WIDTH);
        int withHub = 0;
        for (NeuronSet f : population.sets()) {
            HubControls.FactHubs h = controls.of(f.neuronList(), 1);
            List<Neuron> expected = new ArrayList<>();
            List<Neuron> removed = new ArrayList<>();
            for (Neuron n : f.neuronList()) {
                long holding = population.sets().stream()
                        .filter(s -> s.neuronList().contains(n))
                        .count();
                (holding / 200.0 > threshold ? removed : expected).add(n);
            }
            assertEquals(expected, h.hubFree(), f.uuid());
            assertEquals(removed, h.hubs(), f.uuid());
            assertTrue(h.matched().isEmpty(), "hubControls 0: no hub-matched sets");
            withHub += removed.isEmpty() ? 0 : 1;
        }
        assertTrue(withHub > 100, "the planted hubs are found: " + withHub);
        assertEquals(6, frequency.above(threshold).size());
    }

    @Test
    void drawsDependOnTheFactsSeedOnly() {
        NeuronSets population = population();
        HubControls controls =
                new HubControls(NeuronFrequency.of(population, "own"), new HubSettings(5, false, null, null), WIDTH);
        Map<String, HubControls.FactHubs> all = controls.forFacts(population.sets(), 11);
        NeuronSet fact = population.sets().stream()
                .filter(f -> !all.get(f.uuid()).matched().isEmpty())
                .skip(10)
                .findFirst()
                .orElseThrow();
        String id = fact.uuid();
        assertEquals(
                all.get(id), controls.forFacts(List.of(fact), 11).get(id), "the same draw whichever other facts run");
        assertNotEquals(all.get(id), controls.forFacts(List.of(fact), 12).get(id));
        // the same neurons under two facts' ids are two independent draws
        NeuronSet twin = new NeuronSet("twin", "P0", "o", fact.neurons(), null, null, null);
        assertNotEquals(
                all.get(id).matched(),
                controls.forFacts(List.of(twin), 11).get("twin").matched());
        assertEquals(null, all.get(id).hubFree(), "hubFree false: no hub-free set");
    }

    @Test
    void noExactMatchMeansNoHubMatchedSets() {
        // layer 3's only neuron of the top band is in the fact's set: nothing of that layer and band remains
        List<NeuronSet> sets = new ArrayList<>();
        for (int f = 0; f < 10; f++) {
            List<KnowledgeNeuron> ns = f < 5
                    ? List.of(KnowledgeNeuron.at(3, 1), KnowledgeNeuron.at(3, 10 + f))
                    : List.of(KnowledgeNeuron.at(3, 10 + f));
            sets.add(new NeuronSet("f" + f, "P1", "o", ns, null, null, null));
        }
        NeuronSets population =
                new NeuronSets(new Provenance(Provenance.INLINE, null, null, null, null, null), sets, List.of());
        HubControls controls = new HubControls(
                NeuronFrequency.of(population, "own"), new HubSettings(4, true, 0.3, List.of(0.3)), WIDTH);
        HubControls.FactHubs h = controls.of(sets.get(0).neuronList(), 0);
        assertTrue(h.matched().isEmpty());
        assertEquals(List.of(new Neuron(3, 10)), h.hubFree());
        HubControls.Report report = controls.report(population, controls.forFacts(sets, 0));
        assertEquals(5, report.factsWithHub());
        assertEquals(5, report.factsWithHubMatch(), "the hub-free facts are matched among the rare neurons");
        assertEquals(0.5, report.frequency().hubs().get(0).share());
        assertEquals(0.5, report.frequency().factsWithHub());
    }

    @Test
    void badSettingsNameTheirField() {
        for (double t : new double[] {0, -0.1, 1.5, Double.NaN}) {
            InvalidParameterException e =
                    assertThrows(InvalidParameterException.class, () -> new HubSettings(null, null, t, null));
            assertEquals("hubThreshold", e.field(), "threshold " + t);
        }
        assertEquals(1.0, new HubSettings(null, null, 1.0, null).hubThreshold());
        assertEquals(
                "frequencyBands[1]",
                assertThrows(
                                InvalidParameterException.class,
                                () -> new HubSettings(null, null, null, List.of(0.05, 0.01)))
                        .field());
        assertEquals(
                "frequencyBands[0]",
                assertThrows(InvalidParameterException.class, () -> new HubSettings(null, null, null, List.of(1.0)))
                        .field());
        ObjectMapper json = new ObjectMapper();
        assertEquals(
                "hubThreshold",
                assertThrows(
                                InvalidParameterException.class,
                                () -> StepParams.read(
                                        json.createObjectNode().put("hubThreshold", 0), InterventionSettings.class))
                        .field());
        assertEquals(
                "hubControls",
                assertThrows(
                                InvalidParameterException.class,
                                () -> StepParams.read(
                                        json.createObjectNode().put("hubControls", -1), ReplicationSettings.class))
                        .field());
        assertFalse(new HubSettings(0, false, null, null).enabled());
    }

    @Test
    void aFrequencySourceOfAnotherModelIsRefused() {
        NeuronFrequency frequency = NeuronFrequency.of(population(), "inline");
        InvalidParameterException e = assertThrows(
                InvalidParameterException.class,
                () -> frequency.requireModel(new ModelIdentity("bert-base-cased", "abc", "test"), "hubSource"));
        assertEquals("hubSource", e.field());
        assertTrue(e.getMessage().contains("tiny"), e.getMessage());
        frequency.requireModel(new ModelIdentity("tiny", "abc", "test"), "hubSource");
    }

    /** (layer, band) → neurons. */
    private static Map<List<Integer>, Integer> histogram(List<Neuron> set, HubControls controls) {
        Map<List<Integer>, Integer> h = new HashMap<>();
        set.forEach(n -> h.merge(List.of(n.layer(), controls.band(n)), 1, Integer::sum));
        return h;
    }
}
