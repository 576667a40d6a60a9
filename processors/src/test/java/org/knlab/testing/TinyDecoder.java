package org.knlab.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Tiny random GPT-2 and Llama checkpoints in Hugging Face layout (config.json, model.safetensors,
 * tokenizer.json from {@link TinyTokenizerJson}), with their weights as plain arrays for
 * {@link ReferenceDecoder}. The Llama one uses grouped-query attention (4 query heads, 2 key/value
 * heads), an untied head, and stores its weights as float16: every weight is a multiple of 1/1024
 * below 2 in magnitude, so float16 holds it exactly and the reference sees the same numbers.
 */
public final class TinyDecoder {

    public static final int HIDDEN = 16;
    public static final int LAYERS = 2;
    public static final int MAX_POSITIONS = 128;

    public final boolean llama;
    public final int hidden;
    public final int layers;
    public final int heads;
    public final int kvHeads;
    public final int intermediate;
    public final int maxPositions;
    public final int vocabSize;
    public final TinyTokenizerJson tokenizer = new TinyTokenizerJson();
    public final Map<String, float[]> weights = new LinkedHashMap<>();
    public final Map<String, long[]> shapes = new LinkedHashMap<>();

    private TinyDecoder(
            boolean llama,
            int layers,
            int hidden,
            int heads,
            int kvHeads,
            int intermediate,
            int maxPositions,
            int vocabSize,
            long seed) {
        this.llama = llama;
        this.layers = layers;
        this.hidden = hidden;
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.intermediate = intermediate;
        this.maxPositions = maxPositions;
        this.vocabSize = Math.max(vocabSize, tokenizer.size());
        Random rnd = new Random(seed);
        int v = this.vocabSize;
        int h = hidden;
        int f = intermediate;
        if (llama) {
            random("model.embed_tokens.weight", rnd, 0.5, v, h);
            int hd = h / heads;
            for (int l = 0; l < layers; l++) {
                String p = "model.layers." + l + ".";
                norm(p + "input_layernorm.weight", rnd, h);
                random(p + "self_attn.q_proj.weight", rnd, 1.5 / Math.sqrt(h), heads * hd, h);
                random(p + "self_attn.k_proj.weight", rnd, 1.5 / Math.sqrt(h), kvHeads * hd, h);
                random(p + "self_attn.v_proj.weight", rnd, 1.5 / Math.sqrt(h), kvHeads * hd, h);
                random(p + "self_attn.o_proj.weight", rnd, 1.5 / Math.sqrt(h), h, heads * hd);
                norm(p + "post_attention_layernorm.weight", rnd, h);
                random(p + "mlp.gate_proj.weight", rnd, 1.5 / Math.sqrt(h), f, h);
                random(p + "mlp.up_proj.weight", rnd, 1.5 / Math.sqrt(h), f, h);
                random(p + "mlp.down_proj.weight", rnd, 1.5 / Math.sqrt(f), h, f);
            }
            norm("model.norm.weight", rnd, h);
            random("lm_head.weight", rnd, 0.5, v, h);
        } else {
            random("transformer.wte.weight", rnd, 0.5, v, h);
            random("transformer.wpe.weight", rnd, 0.3, maxPositions, h);
            for (int l = 0; l < layers; l++) {
                String p = "transformer.h." + l + ".";
                norm(p + "ln_1.weight", rnd, h);
                random(p + "ln_1.bias", rnd, 0.1, h);
                random(p + "attn.c_attn.weight", rnd, 1.5 / Math.sqrt(h), h, 3 * h); // Conv1D: [in, out]
                random(p + "attn.c_attn.bias", rnd, 0.1, 3 * h);
                random(p + "attn.c_proj.weight", rnd, 1.5 / Math.sqrt(h), h, h);
                random(p + "attn.c_proj.bias", rnd, 0.1, h);
                norm(p + "ln_2.weight", rnd, h);
                random(p + "ln_2.bias", rnd, 0.1, h);
                random(p + "mlp.c_fc.weight", rnd, 1.5 / Math.sqrt(h), h, f);
                random(p + "mlp.c_fc.bias", rnd, 0.1, f);
                random(p + "mlp.c_proj.weight", rnd, 1.5 / Math.sqrt(f), f, h);
                random(p + "mlp.c_proj.bias", rnd, 0.1, h);
            }
            norm("transformer.ln_f.weight", rnd, h);
            random("transformer.ln_f.bias", rnd, 0.1, h);
        }
    }

    public static TinyDecoder gpt2(long seed) {
        return new TinyDecoder(false, LAYERS, HIDDEN, 2, 2, 32, MAX_POSITIONS, 0, seed);
    }

    public static TinyDecoder llama(long seed) {
        return new TinyDecoder(true, LAYERS, HIDDEN, 4, 2, 24, MAX_POSITIONS, 0, seed);
    }

    /** GPT-2 small's shape (12 × 768, 12 heads, FFN 3072, vocabulary 50257), random weights. */
    public static TinyDecoder gpt2Small(long seed) {
        return new TinyDecoder(false, 12, 768, 12, 12, 3072, 1024, 50257, seed);
    }

    /** SmolLM-135M's shape (30 × 576, 9 query and 3 key/value heads, FFN 1536, vocabulary 49152), random weights. */
    public static TinyDecoder smolLm135m(long seed) {
        return new TinyDecoder(true, 30, 576, 9, 3, 1536, 2048, 49152, seed);
    }

    public int headSize() {
        return hidden / heads;
    }

    /** Multiples of 1/1024 below 2 in magnitude: exact in float16. */
    private void random(String name, Random rnd, double scale, long... shape) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            double x = Math.max(-1.99, Math.min(1.99, rnd.nextGaussian() * scale));
            w[i] = (float) (Math.rint(x * 1024) / 1024);
        }
        weights.put(name, w);
        shapes.put(name, shape);
    }

    private void norm(String name, Random rnd, int width) {
        random(name, rnd, 0.1, width);
        float[] g = weights.get(name);
        for (int i = 0; i < width; i++) {
            g[i] = (float) (Math.rint((g[i] + 1f) * 1024) / 1024);
        }
    }

    public float[] w(String name) {
        return weights.get(name);
    }

    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        String config = llama
                ? """
                {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": %d, "hidden_size": %d,
                 "intermediate_size": %d, "num_hidden_layers": %d, "num_attention_heads": %d,
                 "num_key_value_heads": %d, "max_position_embeddings": %d, "rms_norm_eps": 1e-5,
                 "rope_theta": 10000.0, "hidden_act": "silu", "tie_word_embeddings": false, "torch_dtype": "float16"}
                """.formatted(vocabSize, hidden, intermediate, layers, heads, kvHeads, maxPositions)
                : """
                {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "vocab_size": %d, "n_embd": %d,
                 "n_layer": %d, "n_head": %d, "n_inner": %d, "n_positions": %d, "layer_norm_epsilon": 1e-5,
                 "activation_function": "gelu_new"}
                """.formatted(vocabSize, hidden, layers, heads, intermediate, maxPositions);
        Files.writeString(dir.resolve("config.json"), config);
        Files.writeString(
                dir.resolve("tokenizer.json"),
                tokenizer.json(llama ? TinyTokenizerJson.Specials.BOS : TinyTokenizerJson.Specials.NONE));
        writeSafetensors(dir.resolve("model.safetensors"), llama);
        return dir;
    }

    /** safetensors by hand, as float32 or float16 (independent of the product's writer). */
    private void writeSafetensors(Path file, boolean half) throws IOException {
        int width = half ? 2 : 4;
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        for (Map.Entry<String, float[]> e : weights.entrySet()) {
            long end = offset + (long) width * e.getValue().length;
            StringBuilder shape = new StringBuilder();
            for (long d : shapes.get(e.getKey())) {
                shape.append(shape.length() == 0 ? "" : ",").append(d);
            }
            header.append(header.length() == 1 ? "" : ",")
                    .append('"')
                    .append(e.getKey())
                    .append("\":{\"dtype\":\"")
                    .append(half ? "F16" : "F32")
                    .append("\",\"shape\":[")
                    .append(shape)
                    .append("],\"data_offsets\":[")
                    .append(offset)
                    .append(',')
                    .append(end)
                    .append("]}");
            offset = end;
        }
        byte[] h = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        for (float[] a : weights.values()) {
            for (float f : a) {
                if (half) {
                    buf.putShort(toHalf(f));
                } else {
                    buf.putFloat(f);
                }
            }
        }
        Files.write(file, buf.array());
    }

    /** float → float16 bits for values float16 holds exactly (normal numbers and zero). */
    static short toHalf(float f) {
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        if ((bits & 0x7fffffff) == 0) {
            return (short) sign;
        }
        int exponent = ((bits >>> 23) & 0xff) - 127 + 15;
        int mantissa = bits & 0x7fffff;
        if (exponent <= 0 || exponent >= 31 || (mantissa & 0x1fff) != 0) {
            throw new IllegalArgumentException(f + " is not exact in float16");
        }
        return (short) (sign | exponent << 10 | mantissa >>> 13);
    }
}
