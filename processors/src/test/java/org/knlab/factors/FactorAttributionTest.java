package org.knlab.factors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.attribution.AttributionResult;
import org.knlab.attribution.IntegratedGradients;
import org.knlab.attribution.LayerCoordinates;
import org.knlab.attribution.Quadrature;
import org.knlab.experiments.ProgressListener;
import org.knlab.intervention.MaskActivations;
import org.knlab.nn.BertModel;
import org.knlab.testing.TinyBert;
import org.knlab.testing.TinyModels;

/** Integrated gradients in factor coordinates on a tiny BERT: completeness, and neurons unchanged. */
class FactorAttributionTest {

    static final List<String> SAMPLE = List.of(
            "baku is the capital of [MASK] .",
            "tokyo is the capital of [MASK] .",
            "paris is the capital of [MASK] .",
            "the capital of japan is [MASK] .",
            "he was born in [MASK] .",
            "she speaks [MASK] .",
            "the river is in [MASK] .",
            "the capital city of france is [MASK] .");
    private static final String BAKU = SAMPLE.get(0);
    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path store;

    @Test
    void factorIntegratedGradientsAreComplete() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(12), store)) {
            int gold = model.tokenizer().singleTokenId("azerbaijan", "gold");
            float[][][] values = MaskActivations.of(model, SAMPLE).values();
            IntegratedGradients ig = new IntegratedGradients(model, Quadrature.GAUSS_LEGENDRE, 16, 64);
            for (FactorKind kind : List.of(FactorKind.NMF, FactorKind.PCA)) {
                for (int layer = 0; layer < TinyBert.LAYERS; layer++) {
                    LayerFactors factors = Factorizer.fit(kind, layer, sample(values, layer), 4, 3);
                    AttributionResult r = ig.attribute(
                                    List.of(BAKU),
                                    gold,
                                    Map.of(layer, new FactorCoordinates(factors)),
                                    ProgressListener.NONE)
                            .get(0);
                    assertEquals(4, r.scores()[layer].length, "one score per factor");
                    assertEquals(0, r.scores()[1 - layer].length, "the other layer is not attributed");
                    assertTrue(
                            Math.abs(r.completenessGap()[layer]) < TOLERANCE,
                            kind + " layer " + layer + ": Σ IG − (P(a) − P(offset)) = " + r.completenessGap()[layer]);
                }
            }
            AttributionResult neurons =
                    ig.attribute(List.of(BAKU), gold, ProgressListener.NONE).get(0);
            AttributionResult viaMap = ig.attribute(
                            List.of(BAKU),
                            gold,
                            Map.of(0, LayerCoordinates.NEURONS, 1, LayerCoordinates.NEURONS),
                            ProgressListener.NONE)
                    .get(0);
            assertArrayEquals(neurons.scores()[1], viaMap.scores()[1]);
        }
    }

    /** Layer {@code layer}'s activations of each prompt, [prompt][neuron]. */
    static float[][] sample32(float[][][] values, int layer) {
        float[][] x = new float[values.length][];
        for (int p = 0; p < values.length; p++) {
            x[p] = values[p][layer];
        }
        return x;
    }

    static double[][] sample(float[][][] values, int layer) {
        double[][] x = new double[values.length][];
        for (int p = 0; p < values.length; p++) {
            float[] a = values[p][layer];
            x[p] = new double[a.length];
            for (int j = 0; j < a.length; j++) {
                x[p][j] = a[j];
            }
        }
        return x;
    }
}
