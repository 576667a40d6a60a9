package org.knlab.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused host update against the same update in engine ops (the path arrays off the host take), over
 * several steps, with and without unit rows; and against Adam's formula written out for one value.
 */
class AdamUpdateTest {

    /** 70,041 values: the fused path's blocks of 16,384 with a partial last one, or 37 rows. */
    private static final Shape SHAPE = new Shape(37, 1893);

    @Test
    void theFusedUpdateIsTheEnginesUpdate() {
        for (boolean unitRows : new boolean[] {false, true}) {
            float[][] fused = run(unitRows, true);
            float[][] engine = run(unitRows, false);
            String[] names = {"w", "m", "v", "g"};
            for (int a = 0; a < 4; a++) {
                for (int i = 0; i < fused[a].length; i++) {
                    assertEquals(
                            engine[a][i],
                            fused[a][i],
                            1e-6 * Math.max(1, Math.abs(engine[a][i])),
                            names[a] + "[" + i + "], unit rows " + unitRows);
                }
            }
        }
    }

    @Test
    void oneStepIsAdamsFormula() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new float[] {0.5f, -1f});
            NDArray g = manager.create(new float[] {0.2f, -3f});
            NDArray m = manager.create(new float[] {0.1f, 0f});
            NDArray v = manager.create(new float[] {0.04f, 0f});
            AdamUpdate.of(0.01, 3).apply(w, g, m, v, false);
            double c1 = 1 - Math.pow(0.9, 3);
            double c2 = 1 - Math.pow(0.999, 3);
            double mExpected = 0.9 * 0.1 + 0.1 * 0.2;
            double vExpected = 0.999 * 0.04 + 0.001 * 0.04;
            double wExpected = 0.5 - 0.01 * (mExpected / c1) / (Math.sqrt(vExpected / c2) + 1e-8);
            assertEquals(mExpected, m.getFloat(0), 1e-7);
            assertEquals(vExpected, v.getFloat(0), 1e-7);
            assertEquals(wExpected, w.getFloat(0), 1e-6);
            assertEquals(0f, g.getFloat(0), "the gradient is zeroed for the next step");
        }
    }

    /** Three steps on seeded arrays; the final w, m, v, g. */
    private static float[][] run(boolean unitRows, boolean fused) {
        Random rnd = new Random(5);
        int n = (int) SHAPE.size();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(values(rnd, n), SHAPE);
            NDArray m = manager.zeros(SHAPE);
            NDArray v = manager.zeros(SHAPE);
            NDArray g = manager.zeros(SHAPE);
            for (int t = 1; t <= 3; t++) {
                g.addi(manager.create(values(rnd, n), SHAPE));
                AdamUpdate adam = AdamUpdate.of(1e-2, t);
                if (fused) {
                    adam.apply(w, g, m, v, unitRows);
                } else {
                    adam.inEngine(w, g, m, v, unitRows);
                }
            }
            return new float[][] {w.toFloatArray(), m.toFloatArray(), v.toFloatArray(), g.toFloatArray()};
        }
    }

    private static float[] values(Random rnd, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) rnd.nextGaussian();
        }
        return out;
    }
}
