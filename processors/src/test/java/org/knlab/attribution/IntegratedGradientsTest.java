package org.knlab.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.knlab.errors.InvalidInputException;
import org.knlab.experiments.ProgressListener;
import org.knlab.nn.BertModel;
import org.knlab.testing.RealModel;
import org.knlab.testing.TinyModels;

/** The fast engine against the plain reference loop, and completeness, on the real bert-base-cased. */
class IntegratedGradientsTest {

    private static final String BAKU = "Baku is the capital of [MASK].";
    private final BertModel model = RealModel.bertBaseCased();
    private final int gold = model.tokenizer().singleTokenId("Azerbaijan", "gold");

    @Test
    void paperExactModeEqualsTheReferenceLoopOnTheTopHundredScores() {
        float[][] reference = ReferenceIntegratedGradients.scores(
                model, TinyModels.ids(model, BAKU), TinyModels.maskPosition(model, BAKU), gold, 20);
        AttributionResult fast = new IntegratedGradients(model, Quadrature.LEFT_RIEMANN, 20, 64)
                .attribute(List.of(BAKU), gold, ProgressListener.NONE)
                .get(0);
        float[] ref = flatten(reference);
        float[] got = flatten(fast.scores());
        int[] top = IntStream.range(0, ref.length)
                .boxed()
                .sorted(Comparator.comparingDouble(i -> -Math.abs(ref[i])))
                .limit(100)
                .mapToInt(i -> i)
                .toArray();
        for (int i : top) {
            assertEquals(ref[i], got[i], 1e-4 * Math.abs(ref[i]), "neuron " + i / 3072 + "," + i % 3072);
        }
        assertTrue(Math.abs(ref[top[0]]) > 1e-4, "scores should not vanish");
    }

    @Test
    void gaussLegendreClosesTheCompletenessGapBetterWithFewerSteps() {
        AttributionResult riemann = new IntegratedGradients(model, Quadrature.LEFT_RIEMANN, 20, 64)
                .attribute(List.of(BAKU), gold, ProgressListener.NONE)
                .get(0);
        AttributionResult gauss = new IntegratedGradients(model, Quadrature.GAUSS_LEGENDRE, 6, 64)
                .attribute(List.of(BAKU), gold, ProgressListener.NONE)
                .get(0);
        double riemannGap =
                Arrays.stream(riemann.completenessGap()).map(Math::abs).sum();
        double gaussGap = Arrays.stream(gauss.completenessGap()).map(Math::abs).sum();
        assertTrue(gaussGap < riemannGap, "Gauss-Legendre(6) gap " + gaussGap + " vs Riemann(20) " + riemannGap);
        assertEquals(0.9695, riemann.goldProbability(), 1e-3);
    }

    @Test
    void batchedPromptsEqualOneAtATime() {
        String tokyo = "Tokyo is the capital city of [MASK].";
        IntegratedGradients ig = new IntegratedGradients(model, Quadrature.LINSPACE, 4, 64);
        // The longer prompt first: the engine sorts prompts by length and must restore their order.
        List<AttributionResult> together = ig.attribute(List.of(tokyo, BAKU), gold, ProgressListener.NONE);
        AttributionResult alone =
                ig.attribute(List.of(tokyo), gold, ProgressListener.NONE).get(0);
        float[] a = flatten(together.get(0).scores());
        float[] b = flatten(alone.scores());
        float scale = 0;
        for (float v : b) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < a.length; i++) {
            assertEquals(b[i], a[i], 1e-4 * scale, "neuron " + i);
        }
    }

    @Test
    void garbageCollectionDuringBackwardPassesChangesNothing() throws Exception {
        IntegratedGradients ig = new IntegratedGradients(model, Quadrature.GAUSS_LEGENDRE, 2, 64);
        float[] quiet = flatten(
                ig.attribute(List.of(BAKU), gold, ProgressListener.NONE).get(0).scores());
        // Regression: a scalar freed by DJL while autograd still held it gave garbage under GC pressure.
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread collector = new Thread(() -> {
            while (running.get()) {
                byte[][] junk = new byte[32][];
                for (int i = 0; i < junk.length; i++) {
                    junk[i] = new byte[1 << 16];
                }
                System.gc();
            }
        });
        collector.start();
        try {
            float[] busy = flatten(ig.attribute(List.of(BAKU), gold, ProgressListener.NONE)
                    .get(0)
                    .scores());
            org.junit.jupiter.api.Assertions.assertArrayEquals(quiet, busy);
        } finally {
            running.set(false);
            collector.join();
        }
    }

    @Test
    void nonPositiveStepsAreRejected() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class, () -> new IntegratedGradients(model, Quadrature.LEFT_RIEMANN, 0, 64));
        assertEquals("steps", e.field());
    }

    static float[] flatten(float[][] scores) {
        float[] out = new float[scores.length * scores[0].length];
        for (int l = 0; l < scores.length; l++) {
            System.arraycopy(scores[l], 0, out, l * scores[l].length, scores[l].length);
        }
        return out;
    }
}
