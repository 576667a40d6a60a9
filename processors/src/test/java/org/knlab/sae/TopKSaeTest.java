package org.knlab.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The sparse decoder against the dense formulation it replaces: the same reconstruction as plain loops
 * over the dense codes, and the same loss gradients for all four parameters as z·W_dec with z dense.
 */
class TopKSaeTest {

    private static final int D = 24;
    private static final int M = 64;
    private static final int K = 5;
    private static final int ROWS = 10;

    private static SaeDictionary random(long seed) {
        Random rnd = new Random(seed);
        return new SaeDictionary(
                D,
                M,
                K,
                gaussian(rnd, D * M, 0.3),
                gaussian(rnd, M, 0.1),
                gaussian(rnd, M * D, 0.3),
                gaussian(rnd, D, 0.1));
    }

    private static float[] gaussian(Random rnd, int n, double scale) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (scale * rnd.nextGaussian());
        }
        return out;
    }

    @Test
    void theSparseDecoderReconstructsWhatPlainLoopsDo() {
        SaeDictionary s = random(1);
        float[] x = gaussian(new Random(2), ROWS * D, 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            TopKSae.Parameters p = s.parameters(manager);
            NDArray input = manager.create(x, new Shape(ROWS, D));
            float[] z = TopKSae.encode(input, p.wEnc(), TopKSae.shift(p), K).toFloatArray();
            float[] xHat = TopKSae.decode(TopKSae.encodeTopK(input, p, K), p).toFloatArray();
            for (int r = 0; r < ROWS; r++) {
                double[] codes = new double[M];
                int active = 0;
                for (int f = 0; f < M; f++) {
                    codes[f] = z[r * M + f];
                    active += codes[f] > 0 ? 1 : 0;
                }
                assertEquals(true, active <= K, "row " + r + ": at most k codes");
                double[] expected = s.reconstruction(codes);
                for (int j = 0; j < D; j++) {
                    assertEquals(expected[j], xHat[r * D + j], 1e-5, "row " + r + ", input " + j);
                }
            }
        }
    }

    @Test
    void theSparseDecodersGradientsAreTheDenseProducts() {
        SaeDictionary s = random(3);
        float[] x = gaussian(new Random(4), ROWS * D, 1);
        float[][] sparse = gradients(s, x, true);
        float[][] dense = gradients(s, x, false);
        String[] names = {"W_enc", "b_enc", "W_dec", "b_dec"};
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < dense[i].length; j++) {
                assertEquals(dense[i][j], sparse[i][j], 1e-6, names[i] + "[" + j + "]");
            }
        }
    }

    /** The mean squared error's gradients, decoded sparsely or as z·W_dec + b_dec with z dense. */
    private static float[][] gradients(SaeDictionary s, float[] x, boolean sparse) {
        try (NDManager manager = NDManager.newBaseManager()) {
            TopKSae.Parameters p = s.parameters(manager);
            for (NDArray a : p.all()) {
                a.setRequiresGradient(true);
            }
            NDArray input = manager.create(x, new Shape(ROWS, D));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray xHat = sparse
                        ? TopKSae.decode(TopKSae.encodeTopK(input, p, K), p)
                        : TopKSae.encode(input, p.wEnc(), TopKSae.shift(p), K)
                                .matMul(p.wDec())
                                .add(p.bDec());
                gc.backward(xHat.sub(input).square().mean());
            }
            float[][] out = new float[4][];
            for (int i = 0; i < 4; i++) {
                out[i] = p.all()[i].getGradient().toFloatArray();
            }
            return out;
        }
    }
}
