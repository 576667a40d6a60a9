package org.knlab.nn;

import com.fasterxml.jackson.databind.JsonNode;
import org.knlab.errors.CheckpointException;

/**
 * A decoder's hyper-parameters from its Hugging Face {@code config.json}, under one set of names for
 * GPT-2 ({@code n_embd}, {@code n_layer}, ...) and Llama ({@code hidden_size}, ...).
 *
 * @param kvHeads  key/value heads (grouped-query attention; = numHeads without it)
 * @param headSize width of one attention head
 */
public record DecoderShape(
        String modelType,
        int vocabSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int kvHeads,
        int headSize,
        int intermediateSize,
        int maxPositions,
        double normEps,
        boolean tiedEmbeddings)
        implements ModelShape {

    public static DecoderShape gpt2(JsonNode c) {
        int hidden = required(c, "n_embd");
        int heads = required(c, "n_head");
        if (hidden % heads != 0) {
            throw new CheckpointException("config.json: n_embd " + hidden + " is not a multiple of n_head " + heads);
        }
        String act = c.path("activation_function").asText("gelu_new");
        if (!act.equals("gelu_new")) {
            throw new CheckpointException(
                    "config.json: activation_function is '" + act + "'; only 'gelu_new' is" + " supported for gpt2");
        }
        int inner = c.path("n_inner").isInt() ? c.path("n_inner").asInt() : 4 * hidden;
        return new DecoderShape(
                "gpt2",
                required(c, "vocab_size"),
                hidden,
                required(c, "n_layer"),
                heads,
                heads,
                hidden / heads,
                inner,
                c.path("n_positions").asInt(1024),
                c.path("layer_norm_epsilon").asDouble(1e-5),
                true);
    }

    public static DecoderShape llama(JsonNode c) {
        String type = c.path("model_type").asText();
        int hidden = required(c, "hidden_size");
        int heads = required(c, "num_attention_heads");
        int kv = c.path("num_key_value_heads").isInt()
                ? c.path("num_key_value_heads").asInt()
                : heads;
        if (kv <= 0 || heads % kv != 0) {
            throw new CheckpointException(
                    "config.json: num_attention_heads " + heads + " is not a multiple of num_key_value_heads " + kv);
        }
        int headSize = c.path("head_dim").isInt() ? c.path("head_dim").asInt() : hidden / heads;
        if (headSize <= 0 || headSize % 2 != 0 || !c.path("head_dim").isInt() && hidden % heads != 0) {
            throw new CheckpointException(
                    "config.json: the head size " + headSize + " must be even and divide" + " hidden_size " + hidden);
        }
        String act = c.path("hidden_act").asText("silu");
        if (!act.equals("silu")) {
            throw new CheckpointException(
                    "config.json: hidden_act is '" + act + "'; only 'silu' is supported for " + type);
        }
        JsonNode scaling = c.path("rope_scaling");
        if (!scaling.isMissingNode() && !scaling.isNull()) {
            throw new CheckpointException("config.json: rope_scaling " + scaling + " is not supported yet (plain"
                    + " rotary positions only: Llama 2, Llama 3.0, Mistral, Qwen2, SmolLM, TinyLlama)");
        }
        return new DecoderShape(
                type,
                required(c, "vocab_size"),
                hidden,
                required(c, "num_hidden_layers"),
                heads,
                kv,
                headSize,
                required(c, "intermediate_size"),
                c.path("max_position_embeddings").asInt(2048),
                c.path("rms_norm_eps").asDouble(1e-6),
                c.path("tie_word_embeddings").asBoolean(false));
    }

    private static int required(JsonNode c, String field) {
        JsonNode v = c.get(field);
        if (v == null || !v.canConvertToInt() || v.asInt() <= 0) {
            throw new CheckpointException("config.json: missing or invalid '" + field + "'");
        }
        return v.asInt();
    }
}
