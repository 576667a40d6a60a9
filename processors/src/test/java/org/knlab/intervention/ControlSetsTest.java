package org.knlab.intervention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.knlab.attribution.Neuron;

/** Controls are matched in size and layer histogram, disjoint from the set, and reproducible. */
class ControlSetsTest {

    private static final List<Neuron> SET = List.of(
            new Neuron(9, 10),
            new Neuron(9, 2000),
            new Neuron(10, 5),
            new Neuron(11, 3071),
            new Neuron(11, 7),
            new Neuron(11, 8));

    @Test
    void randomControlsMatchSizeAndLayersAndAvoidTheSet() {
        List<List<Neuron>> controls = ControlSets.matchedRandom(SET, 3072, 100, 42);
        assertEquals(100, controls.size());
        Set<List<Neuron>> distinct = new HashSet<>();
        for (List<Neuron> c : controls) {
            assertEquals(SET.size(), c.size());
            assertEquals(ControlSets.layerHistogram(SET), ControlSets.layerHistogram(c));
            assertEquals(c.size(), new HashSet<>(c).size(), "no neuron twice");
            assertTrue(c.stream().noneMatch(SET::contains));
            assertTrue(c.stream().allMatch(n -> n.index() >= 0 && n.index() < 3072));
            distinct.add(c);
        }
        assertTrue(distinct.size() > 95);
        assertEquals(controls, ControlSets.matchedRandom(SET, 3072, 100, 42));
        assertNotEquals(controls, ControlSets.matchedRandom(SET, 3072, 100, 43));
    }

    @Test
    void aLayerWithFewFreeNeuronsIsFilledExactly() {
        List<Neuron> set = List.of(new Neuron(0, 0), new Neuron(0, 1));
        for (List<Neuron> c : ControlSets.matchedRandom(set, 4, 20, 1)) {
            assertEquals(Set.of(new Neuron(0, 2), new Neuron(0, 3)), new HashSet<>(c));
        }
    }

    @Test
    void gradientMatchedSetTakesTheTopScoresOutsideTheSetPerLayer() {
        float[][] scores = new float[12][3072];
        scores[9][10] = 9; // in the set: skipped
        scores[9][11] = 5;
        scores[9][12] = 4;
        scores[9][13] = 3;
        scores[10][100] = 1;
        scores[11][200] = 2;
        scores[11][201] = 3;
        scores[11][202] = 1;
        scores[11][7] = 100; // in the set: skipped
        List<Neuron> top = ControlSets.topScoring(SET, scores);
        assertEquals(ControlSets.layerHistogram(SET), ControlSets.layerHistogram(top));
        assertTrue(top.containsAll(List.of(
                new Neuron(9, 11),
                new Neuron(9, 12),
                new Neuron(10, 100),
                new Neuron(11, 201),
                new Neuron(11, 200),
                new Neuron(11, 202))));
    }
}
