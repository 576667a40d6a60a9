package org.knlab.sae;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knlab.model.HostTensor;
import org.knlab.model.SafeTensors;

/**
 * A trained TopK dictionary in host memory: d inputs, m features, k active; the arrays of
 * {@link TopKSae.Parameters}, row-major. Stored as safetensors ({@code W_enc}, {@code b_enc},
 * {@code W_dec}, {@code b_dec}) with string metadata (what it was trained on, how).
 */
public record SaeDictionary(int d, int m, int k, float[] wEnc, float[] bEnc, float[] wDec, float[] bDec) {

    /** The parameters as arrays of {@code manager}. */
    public TopKSae.Parameters parameters(NDManager manager) {
        Shape[] s = TopKSae.Parameters.shapes(d, m);
        return new TopKSae.Parameters(
                manager.create(wEnc, s[0]),
                manager.create(bEnc, s[1]),
                manager.create(wDec, s[2]),
                manager.create(bDec, s[3]));
    }

    /** Feature f's decoder row (unit norm): its direction in the layer's activations. */
    public float[] direction(int f) {
        float[] out = new float[d];
        System.arraycopy(wDec, f * d, out, 0, d);
        return out;
    }

    /** x̂ = z·W_dec + b_dec for codes z (width m). */
    public double[] reconstruction(double[] z) {
        double[] out = new double[d];
        for (int j = 0; j < d; j++) {
            out[j] = bDec[j];
        }
        for (int f = 0; f < m; f++) {
            if (z[f] != 0) {
                for (int j = 0; j < d; j++) {
                    out[j] += z[f] * wDec[f * d + j];
                }
            }
        }
        return out;
    }

    public void save(Path file, Map<String, String> metadata) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("k", String.valueOf(k));
        SafeTensors.write(file, tensors(), meta);
    }

    Map<String, HostTensor> tensors() {
        return Map.of(
                "W_enc", HostTensor.of(new long[] {d, m}, wEnc),
                "b_enc", HostTensor.of(new long[] {m}, bEnc),
                "W_dec", HostTensor.of(new long[] {m, d}, wDec),
                "b_dec", HostTensor.of(new long[] {d}, bDec));
    }

    /** A dictionary written by {@link #save}, with its k. */
    public static SaeDictionary load(Path file, int k) {
        Map<String, HostTensor> t = SafeTensors.read(file);
        HostTensor enc = t.get("W_enc");
        if (enc == null || enc.shape().length != 2) {
            throw new IllegalArgumentException(file + " holds no W_enc [d, m]");
        }
        return new SaeDictionary(
                (int) enc.shape()[0],
                (int) enc.shape()[1],
                k,
                enc.toFloatArray(),
                t.get("b_enc").toFloatArray(),
                t.get("W_dec").toFloatArray(),
                t.get("b_dec").toFloatArray());
    }
}
