package org.knlab.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.knlab.errors.InvalidInputException;

/** The refinement rules on hand-made score matrices (2 layers × 4 neurons). */
class RefinementTest {

    private static float[][] scores(float... values) {
        return new float[][] {{values[0], values[1], values[2], values[3]}, {values[4], values[5], values[6], values[7]}
        };
    }

    private static Set<Neuron> neurons(Map<Neuron, Float> coarse) {
        return coarse.keySet();
    }

    @Test
    void coarseKeepsScoresAtLeastTTimesTheMaximumOverAllLayers() {
        float[][] s = scores(1.0f, 0.2f, 0.19f, -5f, 0.5f, 0.29f, 0.0f, 0.2f);
        RefinementRule authors = RefinementRule.AUTHORS; // t = 0.2, >=
        assertEquals(
                Set.of(new Neuron(0, 0), new Neuron(0, 1), new Neuron(1, 0), new Neuron(1, 1), new Neuron(1, 3)),
                neurons(Refinement.coarse(s, authors)));
        RefinementRule eleuther = RefinementRule.ELEUTHER; // t = 0.3, strict >
        assertEquals(Set.of(new Neuron(0, 0), new Neuron(1, 0)), neurons(Refinement.coarse(s, eleuther)));
        assertEquals(
                Set.of(),
                neurons(Refinement.coarse(scores(0, -1, 0, 0, 0, 0, -2, 0), authors)),
                "no positive score, nothing to keep");
    }

    @Test
    void factsKeepNeuronsSharedByEnoughPromptsWithTheAuthorsFloorOfThree() {
        // Neuron (0,0) in all 4 prompts, (1,1) in 3, (1,2) in 2.
        List<Map<Neuron, Float>> sets = List.of(
                Map.of(new Neuron(0, 0), 1f, new Neuron(1, 1), 1f, new Neuron(1, 2), 1f),
                Map.of(new Neuron(0, 0), 1f, new Neuron(1, 1), 1f, new Neuron(1, 2), 1f),
                Map.of(new Neuron(0, 0), 1f, new Neuron(1, 1), 1f),
                Map.of(new Neuron(0, 0), 3f));
        // p = 0.7, n = 4: 2.8 → the floor of 3 applies.
        assertEquals(
                List.of(new KnowledgeNeuron(0, 0, 4, 1.5), new KnowledgeNeuron(1, 1, 3, 1.0)),
                Refinement.refine(sets, RefinementRule.AUTHORS.withPromptShare(0.7)));
        // p = 0.3 strict: count > 1.2 keeps all three, no floor.
        assertEquals(3, Refinement.refine(sets, RefinementRule.ELEUTHER).size());
        // p = 0.9: 3.6 → only the neuron in all 4.
        assertEquals(
                1,
                Refinement.refine(sets, RefinementRule.AUTHORS.withPromptShare(0.9))
                        .size());
    }

    @Test
    void tuningMovesPUntilTheRelationAveragesTwoToFiveNeurons() {
        // Each fact: 10 prompts; neuron k appears in (10 − k) prompts, k = 0..9.
        List<Map<Neuron, Float>> fact = new ArrayList<>();
        for (int prompt = 0; prompt < 10; prompt++) {
            java.util.Map<Neuron, Float> set = new java.util.TreeMap<>();
            for (int k = 0; k < 10 - prompt; k++) {
                set.put(new Neuron(0, k), 1f);
            }
            fact.add(set);
        }
        // At p = 0.7 a fact keeps neurons in ≥ 7 prompts: k = 0..3 → 4 neurons, inside [2, 5]: unchanged.
        assertEquals(
                0.7,
                Refinement.tune(List.of(fact, fact), RefinementRule.AUTHORS).promptShare(),
                1e-12);
        // Starting at p = 0.95 (count ≥ 9.5: 1 neuron) → 0.9 (count ≥ 9: 2 neurons): stops there.
        assertEquals(
                0.9,
                Refinement.tune(List.of(fact), RefinementRule.AUTHORS.withPromptShare(0.95))
                        .promptShare(),
                1e-12);
        // Starting at p = 0.2 (9 neurons): up by 0.05 six times at most → 0.5 (6 neurons), still > 5: stops after 6
        // passes.
        assertEquals(
                0.5,
                Refinement.tune(List.of(fact), RefinementRule.AUTHORS.withPromptShare(0.2))
                        .promptShare(),
                1e-12);
        assertEquals(
                0.3, Refinement.tune(List.of(fact), RefinementRule.ELEUTHER).promptShare(), 1e-12, "no tuning");
    }

    @Test
    void heldOutSplitsAreSeededAndDisjoint() {
        HeldOutSplit a = HeldOutSplit.of(10, 0.3, 5);
        assertEquals(a, HeldOutSplit.of(10, 0.3, 5));
        assertEquals(3, a.heldOut().size());
        assertEquals(7, a.selection().size());
        assertEquals(Set.of(), intersection(a.selection(), a.heldOut()));
        assertEquals(HeldOutSplit.all(4), HeldOutSplit.of(4, 0, 1));
        assertThrows(InvalidInputException.class, () -> HeldOutSplit.of(1, 0.5, 1));
    }

    @Test
    void statisticsFindHubsAndOverlap() {
        Map<String, String> relation = Map.of("a", "P1", "b", "P1", "c", "P2");
        Map<String, List<KnowledgeNeuron>> neurons = Map.of(
                "a", List.of(new KnowledgeNeuron(10, 1, 3, 1.0), new KnowledgeNeuron(10, 2, 3, 1.0)),
                "b", List.of(new KnowledgeNeuron(10, 1, 3, 1.0), new KnowledgeNeuron(10, 2, 3, 1.0)),
                "c", List.of(new KnowledgeNeuron(10, 1, 3, 1.0), new KnowledgeNeuron(3, 7, 3, 1.0)));
        NeuronSetStatistics s = NeuronSetStatistics.of(relation, neurons, 12, 1);
        assertEquals(2.0, s.meanPerFact(), 1e-12);
        assertEquals(3, s.distinctNeurons());
        assertEquals(5.0 / 6, s.layerShare()[10], 1e-12);
        NeuronSetStatistics.Hub hub = s.hubs().get(0);
        assertEquals(List.of(10, 1, 3), List.of(hub.layer(), hub.index(), hub.facts()));
        assertEquals(Set.of("P1", "P2"), hub.relations());
        assertEquals(2.0, s.meanOverlapWithinRelation(), 1e-12, "a and b share both neurons");
        assertEquals(1.0, s.meanOverlapAcrossRelations(), 1e-12, "c shares one neuron with a or b");
    }

    @Test
    void badRuleSettingsAreRejected() {
        assertThrows(InvalidInputException.class, () -> new RefinementRule(1.5, 0.5, 0, false, false, false));
        assertThrows(InvalidInputException.class, () -> RefinementRule.named("mine"));
        assertThrows(InvalidInputException.class, () -> AttributionMethod.parse("shap"));
    }

    private static Set<Integer> intersection(List<Integer> a, List<Integer> b) {
        Set<Integer> s = new java.util.HashSet<>(a);
        s.retainAll(b);
        return s;
    }
}
