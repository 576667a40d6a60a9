package org.knlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.testing.ReferenceBert;
import org.knlab.testing.TinyBert;
import org.knlab.testing.TinyModels;

/** The DJL forward against a plain-Java double-precision forward on the same random weights. */
class BertForwardTest {

    private static final String TEXT = "the capital of france is [MASK] .";

    @TempDir
    Path store;

    @Test
    void logitsMatchThePlainJavaReference() throws IOException {
        TinyBert tiny = new TinyBert(7);
        try (BertModel model = TinyModels.load(tiny, store)) {
            int[] ids = TinyModels.ids(model, TEXT);
            int mask = TinyModels.maskPosition(model, TEXT);
            float[] actual = TinyModels.logits(model, TokenBatch.of(ids), new int[] {mask}, Hooks.none());
            double[] expected = new ReferenceBert(tiny).logits(ids, mask);
            assertEquals(expected.length, actual.length);
            double spread = 0;
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-4, "logit " + i);
                spread = Math.max(spread, Math.abs(expected[i] - expected[0]));
            }
            assertTrue(spread > 0.1, "random weights should give distinct logits, spread " + spread);
        }
    }

    @Test
    void everyPositionOfTheHeadMatchesTheReference() throws IOException {
        TinyBert tiny = new TinyBert(11);
        try (BertModel model = TinyModels.load(tiny, store)) {
            int[] ids = TinyModels.ids(model, "tokyo is the capital of [MASK] , a country .");
            ReferenceBert ref = new ReferenceBert(tiny);
            for (int pos = 0; pos < ids.length; pos++) {
                float[] actual = TinyModels.logits(model, TokenBatch.of(ids), new int[] {pos}, Hooks.none());
                double[] expected = ref.logits(ids, pos);
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 1e-4, "position " + pos + " logit " + i);
                }
            }
        }
    }

    @Test
    void paddedRowsGiveTheSameLogitsAsSeparateRuns() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(3), store)) {
            String shortText = "paris is in [MASK] .";
            String longText = "baku is the capital city of [MASK] , the country .";
            int[] a = TinyModels.ids(model, shortText);
            int[] b = TinyModels.ids(model, longText);
            int ma = TinyModels.maskPosition(model, shortText);
            int mb = TinyModels.maskPosition(model, longText);
            float[] batched = TinyModels.logits(model, TokenBatch.of(a, b), new int[] {ma, mb}, Hooks.none());
            float[] sa = TinyModels.logits(model, TokenBatch.of(a), new int[] {ma}, Hooks.none());
            float[] sb = TinyModels.logits(model, TokenBatch.of(b), new int[] {mb}, Hooks.none());
            int v = sa.length;
            for (int i = 0; i < v; i++) {
                assertEquals(sa[i], batched[i], 1e-5);
                assertEquals(sb[i], batched[v + i], 1e-5);
            }
        }
    }
}
