package org.knlab.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A tiny random BERT-MLM checkpoint, written in Hugging Face layout with a hand-rolled safetensors
 * encoder (independent of the product's writer), plus the weights as plain Java arrays for
 * {@link ReferenceBert}.
 */
public final class TinyBert {

    public static final List<String> VOCAB = List.of(
            "[PAD]",
            "[UNK]",
            "[CLS]",
            "[SEP]",
            "[MASK]",
            "the",
            "capital",
            "of",
            "is",
            "paris",
            "france",
            "baku",
            "azerbaijan",
            "city",
            ".",
            ",",
            "a",
            "in",
            "tokyo",
            "japan",
            "##s",
            "##ing",
            "river",
            "country",
            "language",
            "speaks",
            "born",
            "was",
            "he",
            "she");
    public static final int HIDDEN = 16;
    public static final int HEADS = 2;
    public static final int LAYERS = 2;
    public static final int INTERMEDIATE = 32;
    public static final int MAX_POSITIONS = 24;
    public static final int TYPES = 2;

    public final Map<String, float[]> weights = new LinkedHashMap<>();
    public final Map<String, long[]> shapes = new LinkedHashMap<>();
    public final int vocabSize;

    public TinyBert(long seed) {
        this(seed, VOCAB.size());
    }

    /** With another vocabulary size (a RoBERTa checkpoint with a byte-level tokenizer). */
    public TinyBert(long seed, int vocabSize) {
        this.vocabSize = vocabSize;
        Random rnd = new Random(seed);
        int v = vocabSize;
        random("bert.embeddings.word_embeddings.weight", rnd, 0.5f, v, HIDDEN);
        random("bert.embeddings.position_embeddings.weight", rnd, 0.5f, MAX_POSITIONS, HIDDEN);
        random("bert.embeddings.token_type_embeddings.weight", rnd, 0.5f, TYPES, HIDDEN);
        layerNorm("bert.embeddings.LayerNorm", rnd, HIDDEN);
        for (int l = 0; l < LAYERS; l++) {
            String p = "bert.encoder.layer." + l + ".";
            for (String qkv : List.of("query", "key", "value")) {
                linear(p + "attention.self." + qkv, rnd, HIDDEN, HIDDEN);
            }
            linear(p + "attention.output.dense", rnd, HIDDEN, HIDDEN);
            layerNorm(p + "attention.output.LayerNorm", rnd, HIDDEN);
            linear(p + "intermediate.dense", rnd, INTERMEDIATE, HIDDEN);
            linear(p + "output.dense", rnd, HIDDEN, INTERMEDIATE);
            layerNorm(p + "output.LayerNorm", rnd, HIDDEN);
        }
        linear("cls.predictions.transform.dense", rnd, HIDDEN, HIDDEN);
        layerNorm("cls.predictions.transform.LayerNorm", rnd, HIDDEN);
        random("cls.predictions.bias", rnd, 0.5f, v);
    }

    private void random(String name, Random rnd, float scale, long... shape) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) rnd.nextGaussian() * scale;
        }
        weights.put(name, w);
        shapes.put(name, shape);
    }

    private void linear(String prefix, Random rnd, int out, int in) {
        random(prefix + ".weight", rnd, (float) (1.5 / Math.sqrt(in)), out, in);
        random(prefix + ".bias", rnd, 0.1f, out);
    }

    private void layerNorm(String prefix, Random rnd, int width) {
        random(prefix + ".weight", rnd, 0.1f, width);
        float[] g = weights.get(prefix + ".weight");
        for (int i = 0; i < width; i++) {
            g[i] += 1f;
        }
        random(prefix + ".bias", rnd, 0.1f, width);
    }

    public float[] w(String hfName) {
        return weights.get(hfName);
    }

    /** Writes config.json, vocab.txt and model.safetensors; names optionally without "bert.". */
    public Path write(Path dir, boolean bertPrefix) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), """
                {"architectures": ["BertForMaskedLM"], "model_type": "bert", "vocab_size": %d,
                 "hidden_size": %d, "num_hidden_layers": %d, "num_attention_heads": %d,
                 "intermediate_size": %d, "max_position_embeddings": %d, "type_vocab_size": %d,
                 "layer_norm_eps": 1e-12, "hidden_act": "gelu"}
                """.formatted(
                        vocabSize, HIDDEN, LAYERS, HEADS, INTERMEDIATE, MAX_POSITIONS, TYPES));
        Files.write(dir.resolve("vocab.txt"), VOCAB);
        Map<String, float[]> named = new LinkedHashMap<>();
        weights.forEach((k, v) -> named.put(bertPrefix ? k : k.replaceFirst("^bert\\.", ""), v));
        Map<String, long[]> namedShapes = new LinkedHashMap<>();
        shapes.forEach((k, v) -> namedShapes.put(bertPrefix ? k : k.replaceFirst("^bert\\.", ""), v));
        writeSafetensors(dir.resolve("model.safetensors"), named, namedShapes);
        return dir;
    }

    /**
     * The same network as a {@code RobertaForMaskedLM} checkpoint: {@code roberta.} and {@code lm_head.}
     * names, one token type, and two unused rows before the position table (RoBERTa's positions start at
     * pad_token_id + 1 = 2), so its logits must equal this model's as BERT on the same ids.
     */
    public Path writeRoberta(Path dir, String tokenizerJson) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), """
                {"architectures": ["RobertaForMaskedLM"], "model_type": "roberta", "vocab_size": %d,
                 "hidden_size": %d, "num_hidden_layers": %d, "num_attention_heads": %d,
                 "intermediate_size": %d, "max_position_embeddings": %d, "type_vocab_size": 1,
                 "pad_token_id": 1, "layer_norm_eps": 1e-12, "hidden_act": "gelu"}
                """.formatted(
                        vocabSize, HIDDEN, LAYERS, HEADS, INTERMEDIATE, MAX_POSITIONS + 2));
        Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson);
        Map<String, float[]> named = new LinkedHashMap<>();
        Map<String, long[]> namedShapes = new LinkedHashMap<>();
        weights.forEach((k, w) -> {
            String n = k.replaceFirst("^bert\\.", "roberta.")
                    .replace("cls.predictions.transform.dense", "lm_head.dense")
                    .replace("cls.predictions.transform.LayerNorm", "lm_head.layer_norm")
                    .replace("cls.predictions.bias", "lm_head.bias");
            long[] shape = shapes.get(k);
            if (k.endsWith("position_embeddings.weight")) {
                float[] shifted = new float[w.length + 2 * HIDDEN];
                java.util.Arrays.fill(shifted, 0, 2 * HIDDEN, 9f); // rows 0-1 are never read
                System.arraycopy(w, 0, shifted, 2 * HIDDEN, w.length);
                w = shifted;
                shape = new long[] {shape[0] + 2, shape[1]};
            } else if (k.endsWith("token_type_embeddings.weight")) {
                w = java.util.Arrays.copyOf(w, HIDDEN);
                shape = new long[] {1, HIDDEN};
            }
            named.put(n, w);
            namedShapes.put(n, shape);
        });
        writeSafetensors(dir.resolve("model.safetensors"), named, namedShapes);
        return dir;
    }

    /** safetensors by hand: u64 header length, JSON header, raw little-endian float32 data. */
    public static void writeSafetensors(Path file, Map<String, float[]> tensors, Map<String, long[]> shapes)
            throws IOException {
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        for (Map.Entry<String, float[]> e : tensors.entrySet()) {
            long end = offset + 4L * e.getValue().length;
            StringBuilder shape = new StringBuilder();
            for (long d : shapes.get(e.getKey())) {
                shape.append(shape.length() == 0 ? "" : ",").append(d);
            }
            header.append(header.length() == 1 ? "" : ",")
                    .append('"')
                    .append(e.getKey())
                    .append("\":{\"dtype\":\"F32\",\"shape\":[")
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
        tensors.values().forEach(a -> {
            for (float f : a) {
                buf.putFloat(f);
            }
        });
        Files.write(file, buf.array());
    }
}
