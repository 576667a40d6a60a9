package org.knlab.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.knlab.errors.CheckpointException;
import org.knlab.errors.ModelNotFoundException;

/**
 * A Hugging Face BERT checkpoint directory, read into host memory: {@code config.json},
 * {@code model.safetensors} (or shards listed in {@code model.safetensors.index.json}), and
 * {@code vocab.txt} or {@code tokenizer.json}. Parameter names are normalised to the
 * {@code BertForMaskedLM} names without the {@code bert.} prefix, with old {@code gamma/beta}
 * LayerNorm names mapped to {@code weight/bias}.
 */
public final class BertCheckpoint {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelIdentity identity;
    private final BertConfig config;
    private final Map<String, HostTensor> tensors;
    private final List<String> vocabulary;
    private final boolean lowerCase;

    private BertCheckpoint(ModelIdentity identity, BertConfig config, Map<String, HostTensor> tensors,
            List<String> vocabulary, boolean lowerCase) {
        this.identity = identity;
        this.config = config;
        this.tensors = tensors;
        this.vocabulary = vocabulary;
        this.lowerCase = lowerCase;
    }

    public static BertCheckpoint open(String id, Path dir) {
        if (Files.exists(dir.resolve("pytorch_model.bin")) && !Files.exists(dir.resolve("model.safetensors"))
                && !Files.exists(dir.resolve("model.safetensors.index.json"))) {
            throw new CheckpointException(dir + " holds pytorch_model.bin, which is a pickle and can run code"
                    + " when loaded; convert it to model.safetensors (e.g. with Hugging Face's"
                    + " safetensors convert script) and try again");
        }
        Path configFile = requireFile(dir, "config.json");
        BertConfig config = BertConfig.read(configFile);
        List<Path> weightFiles = weightFiles(dir);
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (Path f : weightFiles) {
            SafeTensors.read(f).forEach((name, t) -> tensors.put(normalise(name), t));
        }
        String sha256;
        try {
            sha256 = WeightsDigest.of(weightFiles);
        } catch (IOException e) {
            throw new CheckpointException("cannot hash " + weightFiles + ": " + e.getMessage(), e);
        }
        Tokenization tok = readTokenization(dir);
        if (tok.vocabulary.size() > config.vocabSize()) {
            throw new CheckpointException(dir + ": the vocabulary has " + tok.vocabulary.size()
                    + " tokens but config.json says vocab_size " + config.vocabSize());
        }
        return new BertCheckpoint(new ModelIdentity(id, sha256, dir.toString()), config, tensors,
                tok.vocabulary, tok.lowerCase);
    }

    private static Path requireFile(Path dir, String name) {
        Path f = dir.resolve(name);
        if (!Files.isRegularFile(f)) {
            throw new ModelNotFoundException(dir + " has no " + name);
        }
        return f;
    }

    private static List<Path> weightFiles(Path dir) {
        Path single = dir.resolve("model.safetensors");
        if (Files.isRegularFile(single)) {
            return List.of(single);
        }
        Path index = requireFile(dir, "model.safetensors.index.json");
        try {
            TreeSet<String> shards = new TreeSet<>();
            JSON.readTree(index.toFile()).path("weight_map").forEach(n -> shards.add(n.asText()));
            if (shards.isEmpty()) {
                throw new CheckpointException(index + " lists no shards in weight_map");
            }
            List<Path> files = new ArrayList<>();
            for (String shard : shards) {
                Path f = dir.resolve(shard).normalize();
                if (!f.startsWith(dir.normalize())) {
                    throw new CheckpointException(index + " names a shard outside the checkpoint: " + shard);
                }
                files.add(requireFile(dir, dir.relativize(f).toString()));
            }
            return files;
        } catch (IOException e) {
            throw new CheckpointException("cannot parse " + index + ": " + e.getMessage(), e);
        }
    }

    static String normalise(String name) {
        String n = name.startsWith("bert.") ? name.substring(5) : name;
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
            JsonNode tj = JSON.readTree(requireFile(dir, "tokenizer.json").toFile());
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

    /** The named tensor, checked against the shape the architecture needs. */
    public HostTensor tensor(String name, long... expectedShape) {
        HostTensor t = tensors.get(name);
        if (t == null) {
            throw new CheckpointException(identity.source() + " has no tensor " + name
                    + " (a BertForMaskedLM checkpoint with its MLM head is required)");
        }
        if (!Arrays.equals(t.shape(), expectedShape)) {
            throw new CheckpointException(identity.source() + ": " + name + " has shape "
                    + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(expectedShape));
        }
        return t;
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    public ModelIdentity identity() {
        return identity;
    }

    public BertConfig config() {
        return config;
    }

    public List<String> vocabulary() {
        return vocabulary;
    }

    public boolean lowerCase() {
        return lowerCase;
    }
}
