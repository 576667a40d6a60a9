package org.knlab.testing;

import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.special.Erf;
import org.knlab.nn.HookPoint;

/**
 * BERT-MLM written the plain way, in double precision with Java loops and no NDArrays: the
 * independent reference that the DJL forward is checked against, hook point by hook point. One
 * sequence, no padding. Optionally adds a delta to one post-GELU FFN activation (for finite differences).
 */
public final class ReferenceBert {

    private final TinyBert m;
    private final int h = TinyBert.HIDDEN;
    private final int f = TinyBert.INTERMEDIATE;
    private final int heads = TinyBert.HEADS;

    public ReferenceBert(TinyBert model) {
        this.m = model;
    }

    /** Logits over the vocabulary at one position. */
    public double[] logits(int[] ids, int position) {
        return logits(ids, position, -1, -1, -1, 0);
    }

    public double[] logits(int[] ids, int position, int layer, int pos, int neuron, double delta) {
        Map<String, double[][]> trace = forward(ids, layer, pos, neuron, delta);
        double[] z = linear(
                trace.get(HookPoint.normalizedResidPost(TinyBert.LAYERS - 1))[position],
                "cls.predictions.transform.dense");
        for (int d = 0; d < h; d++) {
            z[d] = gelu(z[d]);
        }
        z = layerNorm(z, "cls.predictions.transform.LayerNorm");
        float[] we = m.w("bert.embeddings.word_embeddings.weight");
        int v = m.vocabSize;
        float[] bias = m.w("cls.predictions.bias");
        double[] logits = new double[v];
        for (int k = 0; k < v; k++) {
            double s = bias[k];
            for (int d = 0; d < h; d++) {
                s += z[d] * we[k * h + d];
            }
            logits[k] = s;
        }
        return logits;
    }

    /** Every hook point's value, {@code [position][width]}, by {@link HookPoint} name. */
    public Map<String, double[][]> activations(int[] ids) {
        return forward(ids, -1, -1, -1, 0);
    }

    /** The encoder as TransformerLens' BertEmbed and BertBlock name its values (post-LayerNorm blocks). */
    private Map<String, double[][]> forward(int[] ids, int layer, int pos, int neuron, double delta) {
        int t = ids.length;
        Map<String, double[][]> trace = new HashMap<>();
        float[] we = m.w("bert.embeddings.word_embeddings.weight");
        float[] pe = m.w("bert.embeddings.position_embeddings.weight");
        float[] te = m.w("bert.embeddings.token_type_embeddings.weight");
        double[][] words = new double[t][h];
        double[][] positions = new double[t][h];
        double[][] types = new double[t][h];
        double[][] x = new double[t][];
        for (int i = 0; i < t; i++) {
            for (int d = 0; d < h; d++) {
                words[i][d] = we[ids[i] * h + d];
                positions[i][d] = pe[i * h + d];
                types[i][d] = te[d];
            }
            x[i] = layerNorm(add(add(words[i], positions[i]), types[i]), "bert.embeddings.LayerNorm");
        }
        trace.put(HookPoint.EMBED, words);
        trace.put(HookPoint.POS_EMBED, positions);
        trace.put(HookPoint.TOKEN_TYPE_EMBED, types);
        trace.put(HookPoint.FULL_EMBED, x);
        for (int l = 0; l < TinyBert.LAYERS; l++) {
            String p = "bert.encoder.layer." + l + ".";
            double[][] ctx = attention(x, p);
            double[][] attnOut = new double[t][];
            double[][] mid = new double[t][];
            double[][] normalized = new double[t][];
            double[][] pre = new double[t][];
            double[][] post = new double[t][];
            double[][] mlpOut = new double[t][];
            double[][] resid = new double[t][];
            double[][] out = new double[t][];
            for (int i = 0; i < t; i++) {
                attnOut[i] = linear(ctx[i], p + "attention.output.dense");
                mid[i] = add(x[i], attnOut[i]);
                normalized[i] = layerNorm(mid[i], p + "attention.output.LayerNorm");
                pre[i] = linear(normalized[i], p + "intermediate.dense");
                post[i] = new double[f];
                for (int j = 0; j < f; j++) {
                    post[i][j] = gelu(pre[i][j]);
                }
                if (l == layer && i == pos) {
                    post[i][neuron] += delta;
                }
                mlpOut[i] = linear(post[i], p + "output.dense");
                resid[i] = add(normalized[i], mlpOut[i]);
                out[i] = layerNorm(resid[i], p + "output.LayerNorm");
            }
            trace.put(HookPoint.residPre(l), x);
            trace.put(HookPoint.attnOut(l), attnOut);
            trace.put(HookPoint.residMid(l), mid);
            trace.put(HookPoint.ln1Normalized(l), normalized);
            trace.put(HookPoint.mlpPre(l), pre);
            trace.put(HookPoint.mlpPost(l), post);
            trace.put(HookPoint.mlpOut(l), mlpOut);
            trace.put(HookPoint.residPost(l), resid);
            trace.put(HookPoint.normalizedResidPost(l), out);
            x = out;
        }
        return trace;
    }

    public static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private double[][] attention(double[][] x, String p) {
        int t = x.length;
        int size = h / heads;
        double[][] q = new double[t][];
        double[][] k = new double[t][];
        double[][] v = new double[t][];
        for (int i = 0; i < t; i++) {
            q[i] = linear(x[i], p + "attention.self.query");
            k[i] = linear(x[i], p + "attention.self.key");
            v[i] = linear(x[i], p + "attention.self.value");
        }
        double[][] ctx = new double[t][h];
        for (int hd = 0; hd < heads; hd++) {
            for (int i = 0; i < t; i++) {
                double[] s = new double[t];
                for (int j = 0; j < t; j++) {
                    double dot = 0;
                    for (int d = 0; d < size; d++) {
                        dot += q[i][hd * size + d] * k[j][hd * size + d];
                    }
                    s[j] = dot / Math.sqrt(size);
                }
                double[] a = softmax(s);
                for (int j = 0; j < t; j++) {
                    for (int d = 0; d < size; d++) {
                        ctx[i][hd * size + d] += a[j] * v[j][hd * size + d];
                    }
                }
            }
        }
        return ctx;
    }

    /** y = W x + b with W in [out, in] (PyTorch orientation). */
    private double[] linear(double[] x, String prefix) {
        float[] w = m.w(prefix + ".weight");
        float[] b = m.w(prefix + ".bias");
        double[] y = new double[b.length];
        for (int o = 0; o < b.length; o++) {
            double s = b[o];
            for (int i = 0; i < x.length; i++) {
                s += w[o * x.length + i] * x[i];
            }
            y[o] = s;
        }
        return y;
    }

    private double[] layerNorm(double[] x, String prefix) {
        float[] g = m.w(prefix + ".weight");
        float[] b = m.w(prefix + ".bias");
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        var /= x.length;
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (x[i] - mean) / Math.sqrt(var + 1e-12) * g[i] + b[i];
        }
        return y;
    }

    private static double[] add(double[] a, double[] b) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = a[i] + b[i];
        }
        return y;
    }

    private static double gelu(double x) {
        return 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2)));
    }
}
