package org.knlab.factors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.knlab.sae.SaeDictionary;
import org.knlab.sae.TopKSae;

/**
 * A layer's sparse-autoencoder features as units: the directions are the decoder rows (unit norm), a
 * prompt's coefficients its TopK code z(a), so a = b_dec + z·W_dec + error and removing feature k
 * changes a by −z_k·W_dec[k] (nothing when the feature is not active).
 *
 * <p>The dictionary's arrays are put on the engine once ({@link #load}, in a manager the caller closes
 * after the study) — not for every batch of integrated gradients or every coefficient call, which
 * would copy its two 151 MB matrices (on BERT-base) each time.
 *
 * @param onEngine the dictionary's arrays on the engine, shared by every call
 * @param shift the encoder's constant term ({@link TopKSae#shift}), on the engine
 * @param relativeError ‖X − X̂‖_F / ‖X‖_F of the reconstruction on the relation's sample
 */
public record SaeLayer(
        int layer, SaeDictionary dictionary, TopKSae.Parameters onEngine, NDArray shift, double relativeError)
        implements LayerBasis {

    /** The layer's dictionary with its arrays in {@code manager}; its error not yet measured. */
    public static SaeLayer load(int layer, SaeDictionary dictionary, NDManager manager) {
        TopKSae.Parameters p = dictionary.parameters(manager);
        return new SaeLayer(layer, dictionary, p, TopKSae.shift(p), Double.NaN);
    }

    /** The same features with their reconstruction error on a sample of activations. */
    public SaeLayer measuredOn(float[][] sample) {
        double[][] c = coefficients(sample);
        double error = 0;
        double total = 0;
        for (int i = 0; i < sample.length; i++) {
            double[] xHat = dictionary.reconstruction(c[i]);
            for (int j = 0; j < xHat.length; j++) {
                double e = sample[i][j] - xHat[j];
                error += e * e;
                total += (double) sample[i][j] * sample[i][j];
            }
        }
        return new SaeLayer(layer, dictionary, onEngine, shift, Math.sqrt(error / total));
    }

    @Override
    public FactorKind kind() {
        return FactorKind.SAE;
    }

    @Override
    public int rank() {
        return dictionary.m();
    }

    @Override
    public int width() {
        return dictionary.d();
    }

    @Override
    public double[] row(int k) {
        float[] f = dictionary.direction(k);
        double[] out = new double[f.length];
        for (int j = 0; j < f.length; j++) {
            out[j] = f[j];
        }
        return out;
    }

    /** The decoder rows already on the engine (held by this layer: not to be closed by the caller). */
    @Override
    public NDArray basis(NDManager scope) {
        return onEngine.wDec();
    }

    @Override
    public NDArray coefficients(NDArray activations) {
        return TopKSae.encode(activations, onEngine.wEnc(), shift, dictionary.k());
    }

    @Override
    public double[][] coefficients(float[][] activations) {
        int n = activations.length;
        int d = dictionary.d();
        float[] flat = new float[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(activations[i], 0, flat, i * d, d);
        }
        float[] z;
        try (NDManager scope = NDManager.newBaseManager()) {
            z = coefficients(scope.create(flat, new Shape(n, d))).toFloatArray();
        }
        double[][] out = new double[n][rank()];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < rank(); k++) {
                out[i][k] = z[i * rank() + k];
            }
        }
        return out;
    }
}
