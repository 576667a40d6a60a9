package org.knlab.sae;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.knlab.errors.InvalidParameterException;
import org.knlab.nn.LanguageModel;

/**
 * The dictionaries one {@code train-sae} run trained for a model, as the model store keeps them:
 * {@code <store>/sae/<model id>/<dictionary id>/} holds {@code layer-L.safetensors} per layer and
 * {@code training.json} (the {@link SaeTrainingReport}, written last: a directory without it is a run
 * still going or interrupted, resumed by asking for the same training again).
 */
public record SaeSet(Path directory, SaeTrainingReport report) {

    static final String REPORT = "training.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8,64}");

    /** Where the dictionaries of {@code modelId} live in the store at {@code store}. */
    static Path modelDirectory(Path store, String modelId) {
        return store.resolve("sae").resolve(modelId);
    }

    /**
     * The finished dictionary set {@code id} of {@code model} (null = the one trained last on this model's
     * weights). Errors name
     * {@code dictionary}: an unknown id, none trained yet, or dictionaries trained on another model (its
     * weights' hash differs from the model's).
     */
    public static SaeSet open(Path store, LanguageModel model, String id) {
        Path models = modelDirectory(store, model.identity().id());
        SaeSet set;
        if (id == null) {
            String sha = model.identity().sha256();
            set = finished(models)
                    .map(SaeSet::read)
                    .filter(s -> s.report().modelSha256().equals(sha))
                    .max(Comparator.comparing(s -> finishedAt(s.directory())))
                    .orElseThrow(() -> new InvalidParameterException(
                            "dictionary",
                            "no sparse autoencoder trained for "
                                    + model.identity().id() + " yet: run train-sae first"));
        } else {
            if (!ID.matcher(id).matches() || !Files.exists(models.resolve(id).resolve(REPORT))) {
                throw new InvalidParameterException(
                        "dictionary",
                        "no trained dictionary '" + id + "' for "
                                + model.identity().id() + " (ids are what train-sae reports)");
            }
            set = read(models.resolve(id));
        }
        if (!set.report().modelSha256().equals(model.identity().sha256())) {
            throw new InvalidParameterException(
                    "dictionary",
                    "dictionary '" + set.report().dictionary() + "' was trained on a model with weights sha256 "
                            + set.report().modelSha256() + ", not on "
                            + model.identity().id() + " (sha256 "
                            + model.identity().sha256() + ")");
        }
        return set;
    }

    private static SaeSet read(Path dir) {
        return new SaeSet(dir, readJson(dir.resolve(REPORT), SaeTrainingReport.class));
    }

    public String id() {
        return report.dictionary();
    }

    public List<Integer> layers() {
        return report.layers().stream()
                .map(SaeTrainingReport.LayerQuality::layer)
                .toList();
    }

    /** Layer {@code layer}'s dictionary. */
    public SaeDictionary dictionary(int layer) {
        if (!layers().contains(layer)) {
            throw new InvalidParameterException(
                    "dictionary", "dictionary '" + id() + "' has layers " + layers() + ", not " + layer);
        }
        return SaeDictionary.load(layerFile(directory, layer), report.training().k());
    }

    static Path layerFile(Path dir, int layer) {
        return dir.resolve("layer-" + layer + ".safetensors");
    }

    /** {@code value} as compact JSON (a canonical text of settings, for digests). */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T readJson(Path file, Class<T> type) {
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code value} as JSON to {@code file}, whole or not at all (a temporary file moved). */
    static void writeJson(Path file, Object value) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Path> finished(Path models) {
        if (!Files.isDirectory(models)) {
            return Stream.empty();
        }
        try (Stream<Path> dirs = Files.list(models)) {
            return dirs.filter(d -> Files.exists(d.resolve(REPORT))).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long finishedAt(Path dir) {
        try {
            return Files.getLastModifiedTime(dir.resolve(REPORT)).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
