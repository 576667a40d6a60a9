package org.knlab.intervention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Both aggregations and the flip rates on outcomes worked out by hand. */
class EffectSummaryTest {

    private static PromptOutcome outcome(double before, double after, int rankBefore, int rankAfter) {
        return new PromptOutcome(Math.log(before), Math.log(after), rankBefore, rankAfter, 0.1);
    }

    @Test
    void flipRatesCountPromptsWhoseTopOneLeavesOrReachesTheGold() {
        List<List<PromptOutcome>> facts = List.of(
                List.of(outcome(0.8, 0.2, 1, 3), outcome(0.6, 0.5, 1, 1)), // one flips out
                List.of(outcome(0.1, 0.4, 2, 1), outcome(0.2, 0.1, 4, 6))); // one flips in
        EffectSummary s = EffectSummary.of(facts);
        assertEquals(0.25, s.flipsOut(), 1e-12);
        assertEquals(0.25, s.flipsIn(), 1e-12);
        assertEquals(0.5, s.accuracyBefore(), 1e-12);
        assertEquals(0.5, s.accuracyAfter(), 1e-12);
        // ratio of means: (1.2 − 1.7) / 1.7; mean of ratios: mean(mean(−0.75, −1/6), mean(3, −0.5))
        assertEquals((1.2 - 1.7) / 1.7, s.ratioOfMeans(), 1e-9);
        assertEquals(((-0.75 - 1.0 / 6) / 2 + (3 - 0.5) / 2) / 2, s.meanOfRatios(), 1e-9);
    }
}
