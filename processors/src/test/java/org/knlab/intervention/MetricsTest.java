package org.knlab.intervention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metrics on hand-made probability tables, where the answers are known. */
class MetricsTest {

    @Test
    void outputComparisonGivesGoldProbabilityRankAndKl() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray before = m.create(new float[] {0.5f, 0.3f, 0.2f, 0.1f, 0.1f, 0.8f}, new Shape(2, 3))
                    .log();
            NDArray afterLogits = m.create(new float[] {0.2f, 0.3f, 0.5f, 0.1f, 0.1f, 0.8f}, new Shape(2, 3))
                    .log()
                    .add(7f); // logits: any shift gives the same distribution
            List<PromptOutcome> out = OutputComparison.compare(before, afterLogits, new int[] {0, 2});
            PromptOutcome first = out.get(0);
            assertEquals(0.5, first.before(), 1e-6);
            assertEquals(0.2, first.after(), 1e-6);
            assertEquals(1, first.rankBefore());
            assertEquals(3, first.rankAfter());
            assertEquals(0.5 * Math.log(0.5 / 0.2) + 0.2 * Math.log(0.2 / 0.5), first.kl(), 1e-6);
            assertEquals(-0.6, first.relativeChange(), 1e-6);
            PromptOutcome second = out.get(1);
            assertEquals(1, second.rankAfter());
            assertEquals(0.0, second.kl(), 1e-6);
            assertEquals(0.0, second.relativeChange(), 1e-6);
        }
    }

    @Test
    void ratioOfMeansAndMeanOfRatiosDiffer() {
        // fact 1: 0.5 → 0.25 and 0.1 → 0.1; fact 2: 0.4 → 0.2
        List<List<PromptOutcome>> facts =
                List.of(List.of(outcome(0.5, 0.25, 1, 2), outcome(0.1, 0.1, 3, 3)), List.of(outcome(0.4, 0.2, 1, 1)));
        EffectSummary s = EffectSummary.of(facts);
        assertEquals((0.55 - 1.0) / 1.0, s.ratioOfMeans(), 1e-9);
        assertEquals((-0.25 + -0.5) / 2, s.meanOfRatios(), 1e-9);
        assertEquals(2.0 / 3, s.accuracyBefore(), 1e-9);
        assertEquals(1.0 / 3, s.accuracyAfter(), 1e-9);
        assertEquals(5.0 / 3, s.meanRankBefore(), 1e-9);
        assertEquals(2.0, s.meanRankAfter(), 1e-9);
        assertEquals(2, s.facts());
        assertEquals(3, s.prompts());
    }

    @Test
    void aLowProbabilityPromptDominatesTheMeanOfRatiosOnly() {
        List<List<PromptOutcome>> facts =
                List.of(List.of(outcome(0.9, 0.45, 1, 1)), List.of(outcome(0.001, 0.011, 9, 5)));
        EffectSummary s = EffectSummary.of(facts);
        assertEquals((0.461 - 0.901) / 0.901, s.ratioOfMeans(), 1e-9);
        assertEquals((-0.5 + 10.0) / 2, s.meanOfRatios(), 1e-9);
    }

    @Test
    void pseudoPerplexityIsExpOfMeanNegativeLogProbability() {
        double[] ppl = EffectSummary.perplexity(List.of(outcome(0.5, 0.25, 1, 1), outcome(0.25, 0.25, 1, 1)));
        assertEquals(Math.pow(2, 1.5), ppl[0], 1e-9);
        assertEquals(4.0, ppl[1], 1e-9);
    }

    private static PromptOutcome outcome(double before, double after, int rankBefore, int rankAfter) {
        return new PromptOutcome(Math.log(before), Math.log(after), rankBefore, rankAfter, 0);
    }
}
