package org.knlab.factors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.attribution.AttributionResult;
import org.knlab.attribution.IntegratedGradients;
import org.knlab.attribution.Quadrature;
import org.knlab.experiments.ProgressListener;
import org.knlab.intervention.MaskActivations;
import org.knlab.nn.ActivationCapture;
import org.knlab.nn.BertModel;
import org.knlab.nn.DirectionIntervention;
import org.knlab.nn.HookPoint;
import org.knlab.nn.Hooks;
import org.knlab.nn.TokenBatch;
import org.knlab.sae.ActivationSource;
import org.knlab.sae.SaeDictionary;
import org.knlab.sae.SaeTrainer;
import org.knlab.sae.SaeTrainingSettings;
import org.knlab.testing.TinyBert;
import org.knlab.testing.TinyModels;

/**
 * Sparse-autoencoder features as units on a tiny BERT, with a dictionary trained on its activations:
 * integrated gradients in feature coordinates is complete, the codes are the plain TopK encoder's, and
 * removing a feature in a real forward pass is what the hand computes.
 */
class SaeFeaturesTest {

    private static final int K = 4;

    @TempDir
    Path store;

    /** A dictionary of 2F features trained on the sample's activations at {@code layer}. */
    private static SaeDictionary train(float[][][] values, int layer) {
        float[] rows = new float[values.length * TinyBert.INTERMEDIATE];
        for (int p = 0; p < values.length; p++) {
            System.arraycopy(values[p][layer], 0, rows, p * TinyBert.INTERMEDIATE, TinyBert.INTERMEDIATE);
        }
        return new SaeTrainer(
                        ActivationSource.of(rows, TinyBert.INTERMEDIATE),
                        new SaeTrainingSettings(2 * TinyBert.INTERMEDIATE, K, 1e-2, 8, 40.0, 0, null),
                        5)
                .train(null, Integer.MAX_VALUE, ProgressListener.NONE)
                .dictionary();
    }

    @Test
    void featureIntegratedGradientsAreComplete() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(12), store);
                NDManager scope = model.newScope()) {
            int gold = model.tokenizer().singleTokenId("azerbaijan", "gold");
            float[][][] values =
                    MaskActivations.of(model, FactorAttributionTest.SAMPLE).values();
            IntegratedGradients ig = new IntegratedGradients(model, Quadrature.GAUSS_LEGENDRE, 16, 64);
            for (int layer = 0; layer < TinyBert.LAYERS; layer++) {
                SaeLayer features = SaeLayer.load(layer, train(values, layer), scope)
                        .measuredOn(FactorAttributionTest.sample32(values, layer));
                AttributionResult r = ig.attribute(
                                List.of(FactorAttributionTest.SAMPLE.get(0)),
                                gold,
                                Map.of(layer, new FactorCoordinates(features)),
                                ProgressListener.NONE)
                        .get(0);
                assertEquals(2 * TinyBert.INTERMEDIATE, r.scores()[layer].length, "one score per feature");
                assertTrue(
                        Math.abs(r.completenessGap()[layer]) < 1e-4,
                        "layer " + layer + ": Σ IG − (P(a) − P(offset)) = " + r.completenessGap()[layer]);
            }
        }
    }

    @Test
    void removingAFeatureInAForwardPassIsWhatTheHandComputes() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(13), store);
                NDManager scope = model.newScope()) {
            String text = FactorAttributionTest.SAMPLE.get(1);
            int layer = 1;
            int mask = TinyModels.maskPosition(model, text);
            float[][][] values =
                    MaskActivations.of(model, FactorAttributionTest.SAMPLE).values();
            SaeDictionary dictionary = train(values, layer);
            SaeLayer features =
                    SaeLayer.load(layer, dictionary, scope).measuredOn(FactorAttributionTest.sample32(values, layer));
            float[] a = values[1][layer];

            double[] hand = encode(dictionary, a);
            double[] c = features.coefficients(new float[][] {a})[0];
            for (int f = 0; f < hand.length; f++) {
                assertEquals(hand[f], c[f], 1e-4, "feature " + f + " of the plain TopK encoder");
            }
            int active = 0;
            while (hand[active] == 0) {
                active++;
            }
            double[] delta = FactorEdit.remove(features, c, List.of(active));
            ActivationCapture after = new ActivationCapture();
            Hooks hooks = Hooks.none()
                    .add(HookPoint.mlpPost(layer), new DirectionIntervention().add(0, mask, FactorEdit.toFloats(delta)))
                    .add(HookPoint.mlpPost(layer), after);
            model.encode(scope, TokenBatch.of(TinyModels.ids(model, text)), hooks);
            float[] edited = after.value().get(0, mask).toFloatArray();
            for (int j = 0; j < a.length; j++) {
                double expected = a[j] - hand[active] * dictionary.wDec()[active * dictionary.d() + j];
                assertEquals(expected, edited[j], 1e-5, "neuron " + j + ": a − z_f · W_dec[f]");
            }
        }
    }

    /** z = TopK_k(ReLU((a − b_dec)·W_enc + b_enc)), in plain loops. */
    private static double[] encode(SaeDictionary s, float[] a) {
        double[] pre = new double[s.m()];
        for (int f = 0; f < s.m(); f++) {
            double v = s.bEnc()[f];
            for (int j = 0; j < s.d(); j++) {
                v += (a[j] - s.bDec()[j]) * s.wEnc()[j * s.m() + f];
            }
            pre[f] = Math.max(0, v);
        }
        double[] sorted = pre.clone();
        Arrays.sort(sorted);
        double kth = sorted[s.m() - s.k()];
        double[] z = new double[s.m()];
        for (int f = 0; f < s.m(); f++) {
            z[f] = pre[f] >= kth ? pre[f] : 0;
        }
        return z;
    }
}
