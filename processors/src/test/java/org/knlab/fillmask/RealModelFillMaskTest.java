package org.knlab.fillmask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.knlab.errors.InvalidInputException;
import org.knlab.nn.BertModel;
import org.knlab.testing.RealModel;

/** Fill-mask on the real bert-base-cased, imported from its Maven jar. */
class RealModelFillMaskTest {

    private final BertModel model = RealModel.bertBaseCased();
    private final FillMask fillMask = new FillMask(model);

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Baku is the capital of [MASK].|Azerbaijan|0.970",
                "The capital of France is [MASK].|Paris|0.445",
                "Tokyo is the capital city of [MASK].|Japan|0.969"
            })
    void knownFactsGetThePublishedProbabilities(String text, String gold, double probability) {
        FillMaskResult r = fillMask.run(text, 5, gold);
        FillMaskResult.Mask mask = r.masks().get(0);
        assertEquals(gold, mask.predictions().get(0).token());
        assertEquals(probability, mask.gold().probability(), 0.005);
        assertEquals(1, mask.gold().rank());
        assertEquals(5, mask.predictions().size());
        assertEquals("bert-base-cased", r.model());
        assertTrue(r.modelSha256().matches("[0-9a-f]{64}"));
    }

    @Test
    void goldRankCountsTheTokensAhead() {
        FillMaskResult.Mask mask = fillMask.run("Baku is the capital of [MASK].", 3, "Uzbekistan")
                .masks()
                .get(0);
        assertEquals(2, mask.gold().rank());
        assertEquals(mask.predictions().get(1).probability(), mask.gold().probability(), 1e-9);
    }

    @Test
    void everyMaskGetsItsOwnPredictions() {
        FillMaskResult r = fillMask.run("[MASK] is the capital of [MASK].", 2, null);
        assertEquals(2, r.masks().size());
        assertEquals(
                List.of(1, 6),
                r.masks().stream().map(FillMaskResult.Mask::position).toList());
    }

    @Test
    void textWithoutMaskIsRejected() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class, () -> fillMask.run("Baku is the capital of Azerbaijan.", 5, null));
        assertEquals("text", e.field());
        assertTrue(e.getMessage().contains("[MASK]"), e.getMessage());
    }

    @Test
    void multiTokenGoldIsRejectedNamingItsPieces() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> fillMask.run("Baku is the capital of [MASK].", 5, "Azerbaijanistan"));
        assertEquals("gold", e.field());
        assertTrue(e.getMessage().contains("[Azerbaijani, ##stan]"), e.getMessage());
    }

    @Test
    void emptyTextIsRejected() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> fillMask.run("   ", 5, null));
        assertEquals("text", e.field());
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void tenThousandTokenTextIsRejected() {
        String text = "word ".repeat(10_000) + "[MASK].";
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> fillMask.run(text, 5, null));
        assertTrue(e.getMessage().contains("at most 512"), e.getMessage());
    }

    @Test
    void topMustBePositive() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class, () -> fillMask.run("Baku is the capital of [MASK].", 0, null));
        assertEquals("top", e.field());
    }
}
