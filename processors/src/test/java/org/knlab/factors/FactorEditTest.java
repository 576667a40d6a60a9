package org.knlab.factors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.intervention.MaskActivations;
import org.knlab.nn.ActivationCapture;
import org.knlab.nn.BertModel;
import org.knlab.nn.DirectionIntervention;
import org.knlab.nn.HookPoint;
import org.knlab.nn.Hooks;
import org.knlab.nn.TokenBatch;
import org.knlab.testing.TinyBert;
import org.knlab.testing.TinyModels;

/** Factor edits in a real forward pass equal the hand computation, on a tiny BERT. */
class FactorEditTest {

    @TempDir
    Path store;

    @Test
    void projectingOutAFactorAndMovingItToItsMeanAreWhatTheHandComputes() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(13), store);
                NDManager scope = model.newScope()) {
            String text = FactorAttributionTest.SAMPLE.get(1);
            int layer = 1;
            int mask = TinyModels.maskPosition(model, text);
            float[][][] values =
                    MaskActivations.of(model, FactorAttributionTest.SAMPLE).values();
            LayerFactors pca = Factorizer.pca(layer, FactorAttributionTest.sample(values, layer), 3);
            float[] a = values[1][layer];
            double[] c = pca.coefficients(a);
            double[] mean = new double[3];
            for (float[][] prompt : values) {
                double[] ci = pca.coefficients(prompt[layer]);
                for (int k = 0; k < 3; k++) {
                    mean[k] += ci[k] / values.length;
                }
            }
            for (double[] delta :
                    List.of(FactorEdit.remove(pca, c, List.of(0)), FactorEdit.toMean(pca, c, mean, List.of(0, 2)))) {
                ActivationCapture after = new ActivationCapture();
                Hooks hooks = Hooks.none()
                        .add(
                                HookPoint.mlpPost(layer),
                                new DirectionIntervention().add(0, mask, FactorEdit.toFloats(delta)))
                        .add(HookPoint.mlpPost(layer), after);
                model.encode(scope, TokenBatch.of(TinyModels.ids(model, text)), hooks);
                float[] edited = after.value().get(0, mask).toFloatArray();
                for (int j = 0; j < a.length; j++) {
                    assertEquals(a[j] + delta[j], edited[j], 1e-5, "neuron " + j);
                }
            }
            double[] removed = pca.coefficients(add(a, FactorEdit.remove(pca, c, List.of(0))));
            assertEquals(0, removed[0], 1e-5, "the removed component's coefficient is 0");
            assertEquals(c[1], removed[1], 1e-5, "the others are untouched");
            double[] moved = pca.coefficients(add(a, FactorEdit.toMean(pca, c, mean, List.of(0, 2))));
            assertEquals(mean[0], moved[0], 1e-5);
            assertEquals(mean[2], moved[2], 1e-5);
            assertEquals(c[1], moved[1], 1e-5);
        }
    }

    @Test
    void randomDirectionsAndRescalingHaveTheAskedNorm() {
        double[] r = FactorEdit.randomDirection(50, 2.5, new Random(1));
        assertEquals(2.5, FactorEdit.norm(r), 1e-9);
        assertEquals(0.7, FactorEdit.norm(FactorEdit.withNorm(r, 0.7)), 1e-9);
        double[] second = FactorEdit.randomDirection(50, 1, new Random(2));
        java.util.Map<Integer, double[]> spread = FactorEdit.withNorm(java.util.Map.of(9, r, 11, second), 4.0);
        assertEquals(4.0, FactorEdit.norm(spread), 1e-9, "equal norm over all layers");
        assertEquals(
                2.5 / 1.0,
                FactorEdit.norm(spread.get(9)) / FactorEdit.norm(spread.get(11)),
                1e-9,
                "the layers keep their proportions");
        assertEquals(1.0, dot(spread.get(9), r) / (FactorEdit.norm(spread.get(9)) * 2.5), 1e-9, "and directions");
    }

    @Test
    void aDirectionOnTheLastBlockReadsOutAsInTheFullPass() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(14), store);
                NDManager scope = model.newScope()) {
            String text = FactorAttributionTest.SAMPLE.get(2);
            TokenBatch batch = TokenBatch.of(TinyModels.ids(model, text));
            int[] mask = {TinyModels.maskPosition(model, text)};
            Hooks hooks = Hooks.none()
                    .add(
                            HookPoint.mlpPost(TinyBert.LAYERS - 1),
                            new DirectionIntervention()
                                    .add(
                                            0,
                                            mask[0],
                                            FactorEdit.toFloats(FactorEdit.randomDirection(
                                                    TinyBert.INTERMEDIATE, 3, new Random(2))))
                                    .add(
                                            0,
                                            0,
                                            FactorEdit.toFloats(FactorEdit.randomDirection(
                                                    TinyBert.INTERMEDIATE, 3, new Random(3)))));
            float[] full = TinyModels.logits(model, batch, mask, hooks);
            NDArray x = model.embed(model.tokenIds(scope, batch), hooks);
            float[] readout = model.logits(model.readout(x, model.attentionBias(scope, batch), 0, mask, hooks))
                    .toFloatArray();
            for (int i = 0; i < full.length; i++) {
                assertEquals(full[i], readout[i], 1e-5);
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    private static float[] add(float[] a, double[] delta) {
        float[] out = new float[a.length];
        for (int j = 0; j < a.length; j++) {
            out[j] = (float) (a[j] + delta[j]);
        }
        return out;
    }
}
