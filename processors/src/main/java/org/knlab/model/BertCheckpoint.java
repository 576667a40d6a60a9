package org.knlab.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knlab.errors.CheckpointException;
import org.knlab.text.HfTokenizer;
import org.knlab.text.PromptStyle;
import org.knlab.text.PromptTokenizer;
import org.knlab.text.WordPieceTokenizer;

/**
 * A Hugging Face BERT checkpoint directory, read into host memory: {@code config.json},
 * {@code model.safetensors} (or shards listed in {@code model.safetensors.index.json}), and
 * {@code vocab.txt} or {@code tokenizer.json}. Parameter names are normalised to the
 * {@code BertForMaskedLM} names without the {@code bert.} prefix, with old {@code gamma/beta}
 * LayerNorm names mapped to {@code weight/bias}.
 */
public final class BertCheckpoint implements TensorSource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HfCheckpoint files;
    private final BertConfig config;
    private final List<String> vocabulary;
    private final boolean lowerCase;

    private BertCheckpoint(HfCheckpoint files, BertConfig config, List<String> vocabulary, boolean lowerCase) {
        this.files = files;
        this.config = config;
        this.vocabulary = vocabulary;
        this.lowerCase = lowerCase;
    }

    public static BertCheckpoint open(String id, Path dir) {
        BertConfig config = BertConfig.of(HfCheckpoint.config(dir), dir.resolve("config.json"));
        HfCheckpoint files = HfCheckpoint.open(id, dir, BertCheckpoint::normalise);
        if (config.positionOffset() > 0) { // RoBERTa: its byte-level BPE tokenizer.json, read when the model loads
            return new BertCheckpoint(files, config, List.of(), false);
        }
        Tokenization tok = readTokenization(dir);
        if (tok.vocabulary.size() > config.vocabSize()) {
            throw new CheckpointException(dir + ": the vocabulary has " + tok.vocabulary.size()
                    + " tokens but config.json says vocab_size " + config.vocabSize());
        }
        return new BertCheckpoint(files, config, tok.vocabulary, tok.lowerCase);
    }

    /**
     * {@code BertForMaskedLM} / {@code RobertaForMaskedLM} names without the {@code bert.} or
     * {@code roberta.} prefix; RoBERTa's {@code lm_head} takes the names of BERT's MLM head.
     */
    static String normalise(String name) {
        String n =
                name.startsWith("bert.") ? name.substring(5) : name.startsWith("roberta.") ? name.substring(8) : name;
        if (n.startsWith("lm_head.")) {
            n = n.replace("lm_head.dense.", "cls.predictions.transform.dense.")
                    .replace("lm_head.layer_norm.", "cls.predictions.transform.LayerNorm.")
                    .replace("lm_head.decoder.", "cls.predictions.decoder.")
                    .replace("lm_head.bias", "cls.predictions.bias");
        }
        if (n.endsWith(".gamma")) {
            n = n.substring(0, n.length() - 6) + ".weight";
        } else if (n.endsWith(".beta")) {
            n = n.substring(0, n.length() - 5) + ".bias";
        }
        return n;
    }

    private record Tokenization(List<String> vocabulary, boolean lowerCase) {}

    private static Tokenization readTokenization(Path dir) {
        try {
            boolean lower = true; // the Hugging Face BertTokenizer default
            Path tokConfig = dir.resolve("tokenizer_config.json");
            if (Files.isRegularFile(tokConfig)) {
                lower = JSON.readTree(tokConfig.toFile()).path("do_lower_case").asBoolean(true);
            }
            Path vocab = dir.resolve("vocab.txt");
            if (Files.isRegularFile(vocab)) {
                List<String> tokens = Files.readAllLines(vocab);
                while (!tokens.isEmpty() && tokens.get(tokens.size() - 1).isEmpty()) {
                    tokens.remove(tokens.size() - 1);
                }
                return new Tokenization(tokens, lower);
            }
            JsonNode tj = JSON.readTree(
                    HfCheckpoint.requireFile(dir, "tokenizer.json").toFile());
            JsonNode vocabMap = tj.path("model").path("vocab");
            if (!tj.path("model").path("type").asText().equals("WordPiece") || !vocabMap.isObject()) {
                throw new CheckpointException(dir + "/tokenizer.json is not a WordPiece tokenizer");
            }
            String[] tokens = new String[vocabMap.size()];
            for (Iterator<Map.Entry<String, JsonNode>> it = vocabMap.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                int idx = e.getValue().asInt(-1);
                if (idx < 0 || idx >= tokens.length || tokens[idx] != null) {
                    throw new CheckpointException(dir + "/tokenizer.json has a bad id for token " + e.getKey());
                }
                tokens[idx] = e.getKey();
            }
            JsonNode normalizer = tj.path("normalizer");
            if (normalizer.has("lowercase")) {
                lower = normalizer.path("lowercase").asBoolean();
            }
            return new Tokenization(Arrays.asList(tokens), lower);
        } catch (IOException e) {
            throw new CheckpointException("cannot read the tokenizer files of " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public HostTensor tensor(String name, long... expectedShape) {
        return files.tensor(name, expectedShape);
    }

    @Override
    public boolean has(String name) {
        return files.has(name);
    }

    public ModelIdentity identity() {
        return files.identity();
    }

    public BertConfig config() {
        return config;
    }

    /** The WordPiece vocabulary of a BERT checkpoint (empty for RoBERTa, whose tokenizer is its tokenizer.json). */
    public List<String> vocabulary() {
        return vocabulary;
    }

    /** BERT's WordPiece tokenizer, or RoBERTa's own tokenizer.json (cloze prompts with {@code <mask>}). */
    public PromptTokenizer tokenizer() {
        return config.positionOffset() > 0
                ? HfTokenizer.open(files.dir(), PromptStyle.CLOZE, Optional.of("<mask>"), config.vocabSize())
                : new WordPieceTokenizer(vocabulary, lowerCase);
    }

    public boolean lowerCase() {
        return lowerCase;
    }
}
