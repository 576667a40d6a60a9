package org.knlab.sae;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.knlab.errors.InvalidParameterException;
import org.knlab.intervention.MaskActivations;
import org.knlab.model.Float16;
import org.knlab.nn.LanguageModel;

/**
 * A model's FFN activations (its neuron hook, {@code mlp.hook_post} by default) at the answer position
 * of a list of prompts, for some layers: what a sparse autoencoder trains on. Written once, as binary16
 * ({@code layer-L.f16}: rows × width, little-endian; 2 bytes a value — BERT-base: 6 KB a prompt and
 * layer), under a directory named by its {@link Identity} (the model's weights, the prompts' digest,
 * the layers, the hook), with {@code dataset.json} beside; built again only when absent. Each layer is
 * then an {@link ActivationSource} read from a memory-mapped file.
 *
 * @param directory where the files are
 */
public record ActivationDataset(Path directory, Identity identity) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the dataset is of: enough to tell whether an existing one is the one asked for. */
    public record Identity(
            String modelSha256, String neuronHook, String promptsSha256, List<Integer> layers, int rows, int width) {

        /** The directory name: a digest of the identity. */
        String key() {
            return sha256(String.join(
                            "\n",
                            modelSha256,
                            neuronHook,
                            promptsSha256,
                            layers.toString(),
                            String.valueOf(rows),
                            String.valueOf(width)))
                    .substring(0, 16);
        }
    }

    /**
     * The dataset of {@code prompts} at {@code layers} under {@code root} (e.g. the model store's
     * {@code activations/<model id>}), built now when it is not there yet. Layers the model lacks are an
     * error naming {@code layers[i]}.
     */
    public static ActivationDataset of(LanguageModel model, List<String> prompts, List<Integer> layers, Path root) {
        for (int i = 0; i < layers.size(); i++) {
            int l = layers.get(i);
            if (l < 0 || l >= model.config().numLayers()) {
                throw new InvalidParameterException(
                        "layers[" + i + "]",
                        "layer " + l + " is not in " + model.identity().id() + ", which has layers 0–"
                                + (model.config().numLayers() - 1));
            }
        }
        int width = model.config().intermediateSize();
        Identity identity = new Identity(
                model.identity().sha256(),
                model.neuronSite().hookName(),
                sha256(String.join("\n", prompts)),
                List.copyOf(layers),
                prompts.size(),
                width);
        Path dir = root.resolve(identity.key());
        ActivationDataset dataset = new ActivationDataset(dir, identity);
        if (!Files.exists(dir.resolve("dataset.json"))) {
            dataset.build(model, prompts);
        }
        return dataset;
    }

    private void build(LanguageModel model, List<String> prompts) {
        try {
            Files.createDirectories(directory);
            int width = identity.width();
            FileChannel[] files = new FileChannel[identity.layers().size()];
            for (int i = 0; i < files.length; i++) {
                files[i] = FileChannel.open(
                        file(identity.layers().get(i)),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE);
            }
            try {
                MaskActivations.chunks(model, prompts, identity.layers(), (first, values) -> {
                    for (int i = 0; i < files.length; i++) {
                        ByteBuffer out =
                                ByteBuffer.allocate(2 * width * values.length).order(ByteOrder.LITTLE_ENDIAN);
                        for (float[][] prompt : values) {
                            for (float v : prompt[i]) {
                                out.putShort(Float16.fromFloat(v));
                            }
                        }
                        out.flip();
                        try {
                            while (out.hasRemaining()) {
                                files[i].write(out);
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                });
            } finally {
                for (FileChannel f : files) {
                    f.close();
                }
            }
            // written last: a dataset without it is an interrupted build, made again
            Files.writeString(directory.resolve("dataset.json"), JSON.writeValueAsString(identity));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(int layer) {
        return directory.resolve("layer-" + layer + ".f16");
    }

    /** Layer {@code layer}'s rows, read from the memory-mapped file. */
    public ActivationSource layer(int layer) {
        int at = identity.layers().indexOf(layer);
        if (at < 0) {
            throw new InvalidParameterException(
                    "layer", "the dataset holds layers " + identity.layers() + ", not " + layer);
        }
        ShortBuffer values;
        try (FileChannel f = FileChannel.open(file(layer), StandardOpenOption.READ)) {
            values = f.map(FileChannel.MapMode.READ_ONLY, 0, f.size())
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asShortBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int d = identity.width();
        int rows = identity.rows();
        return new ActivationSource() {
            @Override
            public int dimension() {
                return d;
            }

            @Override
            public int rows() {
                return rows;
            }

            @Override
            public void read(int[] indices, float[] into) {
                for (int i = 0; i < indices.length; i++) {
                    int base = indices[i] * d;
                    for (int j = 0; j < d; j++) {
                        into[i * d + j] = Float16.toFloat(values.get(base + j));
                    }
                }
            }
        };
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
