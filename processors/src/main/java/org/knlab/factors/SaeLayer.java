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
 * @param relativeError ‖X − X̂‖_F / ‖X‖_F of the reconstruction on the relation's sample
 */
public record SaeLayer(int layer, SaeDictionary dictionary, double relativeError) implements LayerBasis {

    /** The layer's dictionary with its reconstruction error on a sample of activations. */
    public static SaeLayer of(int layer, SaeDictionary dictionary, float[][] sample) {
        SaeLayer unmeasured = new SaeLayer(layer, dictionary, Double.NaN);
        double[][] c = unmeasured.coefficients(sample);
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
        return new SaeLayer(layer, dictionary, Math.sqrt(error / total));
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

    @Override
    public NDArray basis(NDManager scope) {
        return scope.create(dictionary.wDec(), new Shape(dictionary.m(), dictionary.d()));
    }

    @Override
    public NDArray coefficients(NDArray activations) {
        NDManager scope = activations.getManager();
        return TopKSae.encode(activations, dictionary.parameters(scope), dictionary.k());
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
