package org.knlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.errors.CheckpointException;
import org.knlab.errors.InvalidModelIdException;
import org.knlab.errors.KnException;
import org.knlab.errors.ModelNotFoundException;
import org.knlab.nn.BertModel;
import org.knlab.nn.Hooks;
import org.knlab.nn.TokenBatch;
import org.knlab.testing.TinyBert;
import org.knlab.testing.TinyModels;

/** Model ids, checkpoint layouts and every way a checkpoint can be wrong. */
class ModelStoreTest {

    private static final String TEXT = "the capital of france is [MASK] .";

    @TempDir
    Path root;

    private ModelStore store() {
        return new ModelStore(root);
    }

    @Test
    void unknownModelIdIsNotFound() {
        ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> store().open("no-such-model"));
        assertTrue(e.getMessage().contains("bert-base-cased"), "should list the built-in ids: " + e.getMessage());
    }

    @Test
    void idsThatEscapeTheStoreAreRejected() {
        for (String id : new String[] {"../etc", "a/../../b", "/etc/passwd", "..", "a\\b", "", ".hidden"}) {
            KnException e = assertThrows(InvalidModelIdException.class, () -> store().open(id), id);
            assertEquals("invalid-model-id", e.code());
        }
    }

    @Test
    void checkpointsLoadWithOrWithoutTheBertPrefix() throws IOException {
        TinyBert tiny = new TinyBert(21);
        tiny.write(root.resolve("prefixed"), true);
        tiny.write(root.resolve("bare"), false);
        assertArrayEquals(logits("prefixed"), logits("bare"));
    }

    @Test
    void shardedCheckpointsLoad() throws IOException {
        TinyBert tiny = new TinyBert(22);
        tiny.write(root.resolve("single"), true);
        Path sharded = Files.createDirectories(root.resolve("sharded"));
        Files.copy(root.resolve("single/config.json"), sharded.resolve("config.json"));
        Files.copy(root.resolve("single/vocab.txt"), sharded.resolve("vocab.txt"));
        Map<String, float[]> first = new LinkedHashMap<>();
        Map<String, float[]> second = new LinkedHashMap<>();
        StringBuilder index = new StringBuilder("{\"weight_map\": {");
        tiny.weights.forEach((name, w) -> {
            boolean inFirst = name.contains("embeddings");
            (inFirst ? first : second).put(name, w);
            index.append(index.length() > 16 ? "," : "")
                    .append('"')
                    .append(name)
                    .append("\": \"")
                    .append(inFirst ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors")
                    .append('"');
        });
        TinyBert.writeSafetensors(sharded.resolve("model-00001-of-00002.safetensors"), first, tiny.shapes);
        TinyBert.writeSafetensors(sharded.resolve("model-00002-of-00002.safetensors"), second, tiny.shapes);
        Files.writeString(
                sharded.resolve("model.safetensors.index.json"),
                index.append("}}").toString());
        assertArrayEquals(logits("single"), logits("sharded"));
        assertNotEquals(
                store().open("single").identity().sha256(),
                store().open("sharded").identity().sha256());
    }

    @Test
    void tokenizerJsonServesWhenVocabTxtIsAbsent() throws IOException {
        Path dir = new TinyBert(23).write(root.resolve("tj"), true);
        StringBuilder vocab = new StringBuilder();
        for (int i = 0; i < TinyBert.VOCAB.size(); i++) {
            vocab.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(TinyBert.VOCAB.get(i))
                    .append("\":")
                    .append(i);
        }
        Files.writeString(
                dir.resolve("tokenizer.json"),
                "{\"normalizer\": {\"type\": \"BertNormalizer\","
                        + " \"lowercase\": true}, \"model\": {\"type\": \"WordPiece\", \"vocab\": {" + vocab + "}}}");
        float[] withVocabTxt = logits("tj");
        Files.delete(dir.resolve("vocab.txt"));
        BertCheckpoint ckpt = store().open("tj");
        assertEquals(TinyBert.VOCAB, ckpt.vocabulary());
        assertArrayEquals(withVocabTxt, logits("tj"));
    }

    @Test
    void aBuiltinModelNotDownloadedNamesTheCommandThatFetchesIt(@TempDir Path emptyRepository) {
        String before = System.getProperty("maven.repo.local");
        System.setProperty("maven.repo.local", emptyRepository.toString());
        try {
            ModelNotFoundException e = assertThrows(
                    ModelNotFoundException.class, () -> store().checkpoint("bert-base-multilingual-cased"));
            assertTrue(e.getMessage().contains("deploy/kn models pull bert-base-multilingual-cased"), e.getMessage());
            assertEquals("$.model", e.field());
        } finally {
            if (before == null) {
                System.clearProperty("maven.repo.local");
            } else {
                System.setProperty("maven.repo.local", before);
            }
        }
    }

    @Test
    void pickleCheckpointsAreRefused() throws IOException {
        Path dir = Files.createDirectories(root.resolve("pickled"));
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"bert\"}");
        Files.write(dir.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2});
        CheckpointException e = assertThrows(CheckpointException.class, () -> store().open("pickled"));
        assertTrue(e.getMessage().contains("safetensors"), e.getMessage());
    }

    @Test
    void truncatedWeightsAreACheckpointError() throws IOException {
        Path file = new TinyBert(24).write(root.resolve("cut"), true).resolve("model.safetensors");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }
        CheckpointException e = assertThrows(CheckpointException.class, () -> store().open("cut"));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void garbageWeightsAreACheckpointError() throws IOException {
        Path dir = new TinyBert(25).write(root.resolve("garbage"), true);
        Files.writeString(dir.resolve("model.safetensors"), "this is not a safetensors file at all");
        assertThrows(CheckpointException.class, () -> store().open("garbage"));
    }

    @Test
    void wrongShapesAreNamed() throws IOException {
        Path dir = new TinyBert(26).write(root.resolve("shapes"), true);
        Files.writeString(
                dir.resolve("config.json"),
                Files.readString(dir.resolve("config.json"))
                        .replace("\"intermediate_size\": 32", "\"intermediate_size\": 48"));
        CheckpointException e =
                assertThrows(CheckpointException.class, () -> BertModel.load(store().open("shapes"), Device.cpu()));
        assertTrue(
                e.getMessage().contains("intermediate.dense.weight has shape [32, 16], expected [48, 16]"),
                e.getMessage());
    }

    @Test
    void unknownArchitecturesAreRefused() throws IOException {
        Path dir = new TinyBert(27).write(root.resolve("gpt"), true);
        Files.writeString(
                dir.resolve("config.json"),
                Files.readString(dir.resolve("config.json"))
                        .replace("\"model_type\": \"bert\"", "\"model_type\": \"gpt2\""));
        CheckpointException e = assertThrows(CheckpointException.class, () -> store().open("gpt"));
        assertTrue(e.getMessage().contains("gpt2"), e.getMessage());
    }

    @Test
    void missingConfigIsNotFound() throws IOException {
        Path dir = new TinyBert(28).write(root.resolve("noconfig"), true);
        Files.delete(dir.resolve("config.json"));
        assertThrows(ModelNotFoundException.class, () -> store().open("noconfig"));
    }

    @Test
    void tensorFlowNamesMapToHuggingFaceNames() {
        assertEquals(
                "bert.encoder.layer.11.attention.self.query.weight",
                EasyBertImport.hfName("module/bert/encoder/layer_11/attention/self/query/kernel"));
        assertEquals("bert.embeddings.LayerNorm.bias", EasyBertImport.hfName("module/bert/embeddings/LayerNorm/beta"));
        assertEquals(
                "bert.embeddings.word_embeddings.weight",
                EasyBertImport.hfName("module/bert/embeddings/word_embeddings"));
        assertEquals("cls.predictions.bias", EasyBertImport.hfName("module/cls/predictions/output_bias"));
        assertEquals(
                "cls.predictions.transform.LayerNorm.weight",
                EasyBertImport.hfName("module/cls/predictions/transform/LayerNorm/gamma"));
        assertEquals(null, EasyBertImport.hfName("module/cls/seq_relationship/output_weights"));
    }

    private float[] logits(String id) {
        try (BertModel model = BertModel.load(store().open(id), Device.cpu())) {
            int[] ids = TinyModels.ids(model, TEXT);
            return TinyModels.logits(
                    model, TokenBatch.of(ids), new int[] {TinyModels.maskPosition(model, TEXT)}, Hooks.none());
        }
    }

    /** The model's identity is the SHA-256 of its file, so a conversion must write the same bytes every time. */
    @Test
    void safetensorsBytesDoNotDependOnMetadataOrder() throws IOException {
        Map<String, HostTensor> tensors = Map.of(
                "b",
                HostTensor.of(new long[] {2}, new float[] {1f, 2f}),
                "a",
                HostTensor.of(new long[] {1}, new float[] {3f}));
        Map<String, String> oneOrder = new LinkedHashMap<>();
        oneOrder.put("source", "maven:coordinates");
        oneOrder.put("format", "pt");
        Map<String, String> otherOrder = new LinkedHashMap<>();
        otherOrder.put("format", "pt");
        otherOrder.put("source", "maven:coordinates");
        SafeTensors.write(root.resolve("one.safetensors"), tensors, oneOrder);
        SafeTensors.write(root.resolve("other.safetensors"), tensors, otherOrder);
        assertArrayEquals(
                Files.readAllBytes(root.resolve("one.safetensors")),
                Files.readAllBytes(root.resolve("other.safetensors")));
    }
}
