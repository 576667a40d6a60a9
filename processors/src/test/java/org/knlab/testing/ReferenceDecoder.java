package org.knlab.testing;

/**
 * Plain double-precision GPT-2 and Llama forwards over a {@link TinyDecoder}'s weights, written from
 * the Hugging Face modelling code (GPT2Block, LlamaDecoderLayer): what {@code Gpt2Model} and
 * {@code LlamaModel} are checked against. One sequence, no padding, causal attention.
 */
public final class ReferenceDecoder {

    private final TinyDecoder m;

    public ReferenceDecoder(TinyDecoder m) {
        this.m = m;
    }

    /** Logits [T][vocab] at every position of the sequence. */
    public double[][] logits(int[] ids) {
        return logits(ids, -1, null);
    }

    /** Logits with FFN neuron {@code (layer, neuron)} of the last position replaced by {@code value} (null: none). */
    public double[][] logits(int[] ids, int layer, int[] neuronAndValue) {
        int t = ids.length;
        int h = m.hidden;
        int v = m.vocabSize;
        double[][] x = new double[t][h];
        String embed = m.llama ? "model.embed_tokens.weight" : "transformer.wte.weight";
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < h; j++) {
                x[i][j] = m.w(embed)[ids[i] * h + j] + (m.llama ? 0 : m.w("transformer.wpe.weight")[i * h + j]);
            }
        }
        for (int l = 0; l < m.layers; l++) {
            double[][] attn = attention(l, norm(x, l, 1));
            add(x, attn);
            double[][] act = mlpActivations(l, norm(x, l, 2));
            if (l == layer) {
                act[t - 1][neuronAndValue[0]] = neuronAndValue[1];
            }
            add(
                    x,
                    m.llama
                            ? matT(act, m.w(p(l) + "mlp.down_proj.weight"), h)
                            : plusBias(mat(act, m.w(p(l) + "mlp.c_proj.weight"), h), m.w(p(l) + "mlp.c_proj.bias")));
        }
        double[][] fin = m.llama
                ? rms(x, m.w("model.norm.weight"))
                : layerNorm(x, m.w("transformer.ln_f.weight"), m.w("transformer.ln_f.bias"));
        return matT(fin, m.w(m.llama ? "lm_head.weight" : "transformer.wte.weight"), v);
    }

    private String p(int l) {
        return m.llama ? "model.layers." + l + "." : "transformer.h." + l + ".";
    }

    private double[][] norm(double[][] x, int l, int which) {
        if (m.llama) {
            return rms(x, m.w(p(l) + (which == 1 ? "input_layernorm.weight" : "post_attention_layernorm.weight")));
        }
        String n = p(l) + (which == 1 ? "ln_1" : "ln_2");
        return layerNorm(x, m.w(n + ".weight"), m.w(n + ".bias"));
    }

    private double[][] attention(int l, double[][] x) {
        int t = x.length;
        int h = m.hidden;
        int hd = m.headSize();
        double[][] q;
        double[][] k;
        double[][] v;
        if (m.llama) {
            q = rope(matT(x, m.w(p(l) + "self_attn.q_proj.weight"), m.heads * hd), m.heads);
            k = rope(matT(x, m.w(p(l) + "self_attn.k_proj.weight"), m.kvHeads * hd), m.kvHeads);
            v = matT(x, m.w(p(l) + "self_attn.v_proj.weight"), m.kvHeads * hd);
        } else {
            double[][] qkv = plusBias(mat(x, m.w(p(l) + "attn.c_attn.weight"), 3 * h), m.w(p(l) + "attn.c_attn.bias"));
            q = new double[t][h];
            k = new double[t][h];
            v = new double[t][h];
            for (int i = 0; i < t; i++) {
                System.arraycopy(qkv[i], 0, q[i], 0, h);
                System.arraycopy(qkv[i], h, k[i], 0, h);
                System.arraycopy(qkv[i], 2 * h, v[i], 0, h);
            }
        }
        int group = m.heads / m.kvHeads;
        double[][] context = new double[t][m.heads * hd];
        for (int head = 0; head < m.heads; head++) {
            int kvHead = head / group;
            for (int i = 0; i < t; i++) {
                double[] s = new double[i + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) {
                    for (int d = 0; d < hd; d++) {
                        s[j] += q[i][head * hd + d] * k[j][kvHead * hd + d];
                    }
                    s[j] /= Math.sqrt(hd);
                    max = Math.max(max, s[j]);
                }
                double sum = 0;
                for (int j = 0; j <= i; j++) {
                    s[j] = Math.exp(s[j] - max);
                    sum += s[j];
                }
                for (int j = 0; j <= i; j++) {
                    for (int d = 0; d < hd; d++) {
                        context[i][head * hd + d] += s[j] / sum * v[j][kvHead * hd + d];
                    }
                }
            }
        }
        return m.llama
                ? matT(context, m.w(p(l) + "self_attn.o_proj.weight"), h)
                : plusBias(mat(context, m.w(p(l) + "attn.c_proj.weight"), h), m.w(p(l) + "attn.c_proj.bias"));
    }

    /** Rotary positions, Hugging Face's rotate-half layout, per head of width d: pairs (i, i + d/2). */
    private double[][] rope(double[][] x, int heads) {
        int hd = m.headSize();
        double[][] out = new double[x.length][x[0].length];
        for (int pos = 0; pos < x.length; pos++) {
            for (int head = 0; head < heads; head++) {
                for (int i = 0; i < hd / 2; i++) {
                    double angle = pos / Math.pow(10000, 2.0 * i / hd);
                    double a = x[pos][head * hd + i];
                    double b = x[pos][head * hd + i + hd / 2];
                    out[pos][head * hd + i] = a * Math.cos(angle) - b * Math.sin(angle);
                    out[pos][head * hd + i + hd / 2] = b * Math.cos(angle) + a * Math.sin(angle);
                }
            }
        }
        return out;
    }

    /** The FFN neurons: gelu_new(x·W_fc + b) for GPT-2, silu(x·W_gateᵀ)·(x·W_upᵀ) for Llama. */
    public double[][] mlpActivations(int l, double[][] x) {
        int f = m.intermediate;
        if (m.llama) {
            double[][] gate = matT(x, m.w(p(l) + "mlp.gate_proj.weight"), f);
            double[][] up = matT(x, m.w(p(l) + "mlp.up_proj.weight"), f);
            for (int i = 0; i < gate.length; i++) {
                for (int j = 0; j < f; j++) {
                    gate[i][j] = gate[i][j] / (1 + Math.exp(-gate[i][j])) * up[i][j];
                }
            }
            return gate;
        }
        double[][] pre = plusBias(mat(x, m.w(p(l) + "mlp.c_fc.weight"), f), m.w(p(l) + "mlp.c_fc.bias"));
        for (double[] row : pre) {
            for (int j = 0; j < f; j++) {
                double z = row[j];
                row[j] = 0.5 * z * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (z + 0.044715 * z * z * z)));
            }
        }
        return pre;
    }

    private static double[][] layerNorm(double[][] x, float[] g, float[] b) {
        double[][] out = new double[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            double mean = 0;
            for (double d : x[i]) {
                mean += d / x[i].length;
            }
            double var = 0;
            for (double d : x[i]) {
                var += (d - mean) * (d - mean) / x[i].length;
            }
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = (x[i][j] - mean) / Math.sqrt(var + 1e-5) * g[j] + b[j];
            }
        }
        return out;
    }

    private static double[][] rms(double[][] x, float[] g) {
        double[][] out = new double[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            double ms = 0;
            for (double d : x[i]) {
                ms += d * d / x[i].length;
            }
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = x[i][j] / Math.sqrt(ms + 1e-5) * g[j];
            }
        }
        return out;
    }

    /** x·W with W stored [in, out] (GPT-2's Conv1D). */
    private static double[][] mat(double[][] x, float[] w, int out) {
        int in = x[0].length;
        double[][] y = new double[x.length][out];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < out; o++) {
                for (int k = 0; k < in; k++) {
                    y[i][o] += x[i][k] * w[k * out + o];
                }
            }
        }
        return y;
    }

    /** x·Wᵀ with W stored [out, in] (PyTorch's Linear). */
    private static double[][] matT(double[][] x, float[] w, int out) {
        int in = x[0].length;
        double[][] y = new double[x.length][out];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < out; o++) {
                for (int k = 0; k < in; k++) {
                    y[i][o] += x[i][k] * w[o * in + k];
                }
            }
        }
        return y;
    }

    private static double[][] plusBias(double[][] y, float[] b) {
        for (double[] row : y) {
            for (int j = 0; j < row.length; j++) {
                row[j] += b[j];
            }
        }
        return y;
    }

    private static void add(double[][] x, double[][] y) {
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] += y[i][j];
            }
        }
    }
}
