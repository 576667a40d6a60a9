package org.knlab.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.knlab.errors.CheckpointException;
import org.knlab.errors.ModelNotFoundException;

/**
 * A Hugging Face checkpoint directory of any architecture: {@code config.json} and the weights of
 * {@code model.safetensors} (or the shards of {@code model.safetensors.index.json}), read into host
 * memory as float32 (fp16 and bf16 are widened on read). Pickled weights ({@code pytorch_model.bin})
 * are refused, and so is a checkpoint whose float32 weights would not fit in this machine's memory —
 * before anything is read.
 */
public final class HfCheckpoint implements TensorSource {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Share of physical memory a model's float32 weights may take (activations and the JVM need the rest). */
    private static final double MEMORY_SHARE = 0.6;

    private final ModelIdentity identity;
    private final Path dir;
    private final JsonNode config;
    private final Map<String, HostTensor> tensors;

    private HfCheckpoint(ModelIdentity identity, Path dir, JsonNode config, Map<String, HostTensor> tensors) {
        this.identity = identity;
        this.dir = dir;
        this.config = config;
        this.tensors = tensors;
    }

    /** Reads the config and the weights, each tensor name passed through {@code normalise}. */
    public static HfCheckpoint open(String id, Path dir, UnaryOperator<String> normalise) {
        JsonNode config = config(dir);
        List<Path> weightFiles = weightFiles(dir);
        requireMemoryFor(dir, weightFiles);
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (Path f : weightFiles) {
            SafeTensors.read(f).forEach((name, t) -> tensors.put(normalise.apply(name), t));
        }
        String sha256;
        try {
            sha256 = WeightsDigest.of(weightFiles);
        } catch (IOException e) {
            throw new CheckpointException("cannot hash " + weightFiles + ": " + e.getMessage(), e);
        }
        return new HfCheckpoint(new ModelIdentity(id, sha256, dir.toString()), dir, config, tensors);
    }

    /** The parsed {@code config.json} of a checkpoint directory (refusing pickled weights first). */
    public static JsonNode config(Path dir) {
        if (Files.exists(dir.resolve("pytorch_model.bin"))
                && !Files.exists(dir.resolve("model.safetensors"))
                && !Files.exists(dir.resolve("model.safetensors.index.json"))) {
            throw new CheckpointException(dir + " holds pytorch_model.bin, which is a pickle and can run code"
                    + " when loaded; convert it to model.safetensors (e.g. with Hugging Face's"
                    + " safetensors convert script) and try again");
        }
        Path file = requireFile(dir, "config.json");
        try {
            JsonNode c = JSON.readTree(file.toFile());
            if (c == null || !c.isObject()) {
                throw new CheckpointException(file + " is not a JSON object");
            }
            return c;
        } catch (IOException e) {
            throw new CheckpointException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    static Path requireFile(Path dir, String name) {
        Path f = dir.resolve(name);
        if (!Files.isRegularFile(f)) {
            throw new ModelNotFoundException(dir + " has no " + name);
        }
        return f;
    }

    private static void requireMemoryFor(Path dir, List<Path> weightFiles) {
        long bytes = 0;
        for (Path f : weightFiles) {
            bytes += SafeTensors.float32Bytes(f);
        }
        long physical = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        if (bytes > MEMORY_SHARE * physical) {
            throw new CheckpointException(String.format(
                    "%s: the weights take %.1f GiB as float32, more than %.0f%%"
                            + " of this machine's %.1f GiB of memory; use a smaller model or a larger machine",
                    dir.getFileName(),
                    bytes / (double) (1L << 30),
                    100 * MEMORY_SHARE,
                    physical / (double) (1L << 30)));
        }
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

    @Override
    public HostTensor tensor(String name, long... expectedShape) {
        HostTensor t = tensors.get(name);
        if (t == null) {
            throw new CheckpointException(identity.id() + " has no tensor " + name + " (a " + modelType()
                    + " checkpoint with its language-model head is required)");
        }
        if (!Arrays.equals(t.shape(), expectedShape)) {
            throw new CheckpointException(identity.id() + ": " + name + " has shape " + Arrays.toString(t.shape())
                    + ", expected " + Arrays.toString(expectedShape));
        }
        return t;
    }

    @Override
    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    public ModelIdentity identity() {
        return identity;
    }

    public Path dir() {
        return dir;
    }

    public JsonNode config() {
        return config;
    }

    public String modelType() {
        return config.path("model_type").asText("");
    }
}
