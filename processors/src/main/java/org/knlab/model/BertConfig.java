package org.knlab.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.knlab.errors.CheckpointException;
import org.knlab.nn.ModelShape;

/**
 * The hyper-parameters of a BERT-family encoder (BERT, RoBERTa), in Hugging Face {@code config.json}
 * terms. {@code maxPositions} counts the usable positions; RoBERTa's position table has
 * {@code positionOffset} (= pad_token_id + 1) rows more, as its positions start after the padding id.
 */
public record BertConfig(
        String modelType,
        int vocabSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int intermediateSize,
        int maxPositions,
        int typeVocabSize,
        double layerNormEps,
        int positionOffset)
        implements ModelShape {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A BERT config (no position offset). */
    public BertConfig(
            int vocabSize,
            int hiddenSize,
            int numLayers,
            int numHeads,
            int intermediateSize,
            int maxPositions,
            int typeVocabSize,
            double layerNormEps) {
        this(
                "bert",
                vocabSize,
                hiddenSize,
                numLayers,
                numHeads,
                intermediateSize,
                maxPositions,
                typeVocabSize,
                layerNormEps,
                0);
    }

    public int headSize() {
        return hiddenSize / numHeads;
    }

    public static BertConfig read(Path file) {
        return of(HfCheckpoint.config(file.getParent()), file);
    }

    /** The config of a parsed {@code config.json} ({@code file} names it in messages). */
    public static BertConfig of(JsonNode c, Path file) {
        String type = c.path("model_type").asText("");
        if (!type.equals("bert") && !type.equals("roberta")) {
            throw new CheckpointException(
                    file + ": model_type is '" + type + "'; a BERT-family checkpoint is 'bert'" + " or 'roberta'");
        }
        String act = c.path("hidden_act").asText("gelu");
        if (!act.equals("gelu")) {
            throw new CheckpointException(file + ": hidden_act is '" + act + "'; only exact 'gelu' is supported");
        }
        int offset = type.equals("roberta") ? c.path("pad_token_id").asInt(1) + 1 : 0;
        BertConfig config = new BertConfig(
                type,
                required(c, "vocab_size", file),
                required(c, "hidden_size", file),
                required(c, "num_hidden_layers", file),
                required(c, "num_attention_heads", file),
                required(c, "intermediate_size", file),
                c.path("max_position_embeddings").asInt(512) - offset,
                c.path("type_vocab_size").asInt(2),
                c.path("layer_norm_eps").asDouble(1e-12),
                offset);
        if (config.hiddenSize % config.numHeads != 0) {
            throw new CheckpointException(file + ": hidden_size " + config.hiddenSize
                    + " is not a multiple of num_attention_heads " + config.numHeads);
        }
        return config;
    }

    private static int required(JsonNode c, String field, Path file) {
        JsonNode v = c.get(field);
        if (v == null || !v.canConvertToInt() || v.asInt() <= 0) {
            throw new CheckpointException(file + ": missing or invalid '" + field + "'");
        }
        return v.asInt();
    }

    public void write(Path file) throws IOException {
        ObjectNode c = JSON.createObjectNode();
        c.putArray("architectures").add("BertForMaskedLM");
        c.put("model_type", "bert");
        c.put("vocab_size", vocabSize);
        c.put("hidden_size", hiddenSize);
        c.put("num_hidden_layers", numLayers);
        c.put("num_attention_heads", numHeads);
        c.put("intermediate_size", intermediateSize);
        c.put("max_position_embeddings", maxPositions);
        c.put("type_vocab_size", typeVocabSize);
        c.put("layer_norm_eps", layerNormEps);
        c.put("hidden_act", "gelu");
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), c);
    }
}
