package org.knlab.editing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knlab.attribution.KnowledgeNeuron;
import org.knlab.errors.InvalidInputException;
import org.knlab.neurons.NeuronSet;
import org.knlab.settings.StepParams;

/** The edit metrics on hand-made prompts with known answers. */
class EditMetricsTest {

    private static final int T = 1;
    private static final int T_NEW = 2;

    /** A prompt whose top-1 goes from {@code before} to {@code after}, with p(t′) and p(t) after and the rank of t′. */
    private static EditedPrompt prompt(
            int before, int after, double pNewBefore, double pNewAfter, double pOldAfter, int rankNew) {
        return new EditedPrompt(
                before,
                after,
                Math.log(0.5),
                Math.log(0.5),
                1,
                1,
                Math.log(0.6),
                Math.log(pOldAfter),
                Math.log(pNewBefore),
                Math.log(pNewAfter),
                9,
                rankNew,
                0.1);
    }

    /** A neighbour prompt: gold rank before/after and p(gold) against p(t′) after. */
    private static EditedPrompt neighbour(int rankBefore, int rankAfter, double pGoldAfter, double pNewAfter) {
        return new EditedPrompt(
                7,
                7,
                Math.log(0.4),
                Math.log(pGoldAfter),
                rankBefore,
                rankAfter,
                Math.log(0.1),
                Math.log(0.1),
                Math.log(0.01),
                Math.log(pNewAfter),
                50,
                40,
                0.2);
    }

    @Test
    void efficacyGeneralisationNeighbourhoodSymmetryAndScore() {
        Map<String, Double> m = EditMetrics.of(Map.of(
                EditGroup.EDITED, List.of(prompt(T, T_NEW, 0.1, 0.7, 0.2, 1)),
                EditGroup.PARAPHRASE,
                        List.of(
                                prompt(T, T_NEW, 0.1, 0.5, 0.3, 1),
                                prompt(T, T, 0.1, 0.3, 0.4, 2),
                                prompt(T, 5, 0.1, 0.2, 0.1, 4),
                                prompt(T, T, 0.1, 0.05, 0.8, 7)),
                EditGroup.SAME_RELATION, List.of(neighbour(1, 1, 0.5, 0.1), neighbour(1, 2, 0.2, 0.3)),
                EditGroup.INVERSE, List.of(new EditedPrompt(0, 0, -2, -1, 3, 1, 0, 0, 0, 0, 1, 1, 0))));
        assertEquals(1.0, m.get("efficacy.top1"));
        assertEquals(1.0, m.get("efficacy.top5"));
        assertEquals(0.6, m.get("efficacy.deltaP"), 1e-12);
        assertEquals(1.0, m.get("efficacy.rank"));
        assertEquals(1.0, m.get("efficacy.changed"));
        assertEquals(1.0, m.get("efficacy.rome"));
        assertEquals(0.25, m.get("paraphrase.top1"));
        assertEquals(0.75, m.get("paraphrase.top5"));
        assertEquals(3.5, m.get("paraphrase.rank"));
        assertEquals(0.5, m.get("paraphrase.changed"));
        assertEquals(0.5, m.get("paraphrase.rome"), "p(t′) > p(t) on 2 of 4");
        assertTrue(m.get("heldOut.top1").isNaN(), "no held-out prompts");
        assertEquals(1.0, m.get("sameRelation.accuracyBefore"));
        assertEquals(0.5, m.get("sameRelation.accuracyAfter"));
        assertEquals(0.5, m.get("sameRelation.rome"), "the true answer still beats t′ on 1 of 2");
        assertEquals(-Math.log(0.4), m.get("sameRelation.logPplBefore"), 1e-12);
        assertEquals(0.0, m.get("inverse.top1Before"));
        assertEquals(1.0, m.get("inverse.top1After"));
        assertEquals(3 / (1 / 1.0 + 1 / 0.5 + 1 / 0.5), m.get(EditMetrics.SCORE), 1e-12);
    }

    @Test
    void harmonicMeanIsZeroWithAZeroRateAndNaNWithAMissingOne() {
        assertEquals(0.0, EditMetrics.harmonicMean(1, 0, 0.5));
        assertTrue(Double.isNaN(EditMetrics.harmonicMean(1, Double.NaN)));
        assertEquals(2 * 0.25 * 1 / 1.25, EditMetrics.harmonicMean(0.25, 1), 1e-12);
    }

    @Test
    void kLargerThanTheRelationsNeuronPoolIsAnErrorNamingK() {
        List<NeuronSet> sets = List.of(
                new NeuronSet(
                        "a",
                        "P19",
                        "Paris",
                        List.of(KnowledgeNeuron.at(9, 1), KnowledgeNeuron.at(10, 2)),
                        null,
                        null,
                        null),
                new NeuronSet("b", "P19", "Rome", List.of(KnowledgeNeuron.at(9, 1)), null, null, null));
        assertEquals(List.of(new org.knlab.attribution.Neuron(9, 1)), RelationEraser.mostFrequent(sets, 1));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> RelationEraser.mostFrequent(sets, 3));
        assertEquals("k", e.field());
    }

    @Test
    void withoutAKTheAuthorsTwentyOrTheWholeSmallerPoolIsErased() {
        EraseRelationSettings byDefault = StepParams.defaults(EraseRelationSettings.class);
        assertEquals(13, byDefault.kFor(13), "P106's 50 sets hold 13 distinct neurons: all 13 are erased");
        assertEquals(EraseRelationSettings.AUTHORS_K, byDefault.kFor(500));
        EraseRelationSettings given = new EraseRelationSettings(null, 20, null, null, null, null, null, null);
        assertEquals(20, given.kFor(13), "a given k is kept, so mostFrequent refuses it on a smaller pool");
        assertEquals(
                "k",
                assertThrows(
                                InvalidInputException.class,
                                () -> new EraseRelationSettings(null, 0, null, null, null, null, null, null))
                        .field());
    }
}
