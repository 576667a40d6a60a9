package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.knlab.model.ModelStore;
import org.knlab.schemas.TopicNames;
import org.knlab.testing.TinyDecoder;

/**
 * Decoders through Kafka: tiny GPT-2 and Llama checkpoints (written into the worker's model store)
 * run probe → knowledge-neurons → interventions → edit-fact and compare-methods; bad checkpoints and a
 * [MASK] prompt for a decoder fail naming the field, with the request on the DLQ as sent.
 */
@QuarkusTest
class DecoderWorkflowsTest extends PlatformTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(900);
    private static Path root;
    private static final List<String> ARCHS =
            List.of(System.getProperty("decoder-test.archs", "gpt2,llama").split(","));

    @BeforeAll
    static void writeCheckpoints() throws IOException {
        root = ModelStore.fromEnvironment().root().resolve("kn-test");
        TinyDecoder.gpt2(21).write(root.resolve("tiny-gpt2"));
        TinyDecoder.llama(22).write(root.resolve("tiny-llama"));
        Path unsupported = TinyDecoder.gpt2(23).write(root.resolve("tiny-falcon"));
        Files.writeString(
                unsupported.resolve("config.json"),
                Files.readString(unsupported.resolve("config.json")).replace("\"gpt2\"", "\"falcon\""));
        Path noTokenizer = TinyDecoder.llama(24).write(root.resolve("tiny-no-tokenizer"));
        Files.delete(noTokenizer.resolve("tokenizer.json"));
        Path wrongShape = TinyDecoder.gpt2(25).write(root.resolve("tiny-wrong-shape"));
        Files.writeString(
                wrongShape.resolve("config.json"),
                Files.readString(wrongShape.resolve("config.json")).replace("\"n_inner\": 32", "\"n_inner\": 40"));
    }

    /** The checkpoints leave the worker's model store with the test (kn models would list them). */
    @AfterAll
    static void removeCheckpoints() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Llama's run takes EleutherAI's choice for decoders, pre-activation neurons; GPT-2's the default. */
    private static String neuronHook(String arch) {
        return arch.equals("llama") ? "mlp.hook_pre" : "mlp.hook_post";
    }

    @Test
    void gpt2AndLlamaRunTheWorkflowAndTheMethodComparison() {
        for (String arch : ARCHS) {
            String id = "dec-" + arch;
            kafka.send(PlatformTest.REQUESTS, id, """
                    {"experimentId": "%s", "model": "kn-test/tiny-%s", "neuronHook": "%s", "seed": 1,
                     "facts": {"relations": ["P27", "P20"], "sample": {"size": 2, "perRelation": true}},
                     "steps": [{"id": "probe", "type": "probe"},
                               {"id": "neurons", "type": "knowledge-neurons", "input": {"fromStep": "probe"},
                                "params": {"mode": "fast", "steps": 1, "heldOut": 0.25}},
                               {"id": "effects", "type": "interventions", "input": {"fromStep": "neurons"},
                                "params": {"interventions": ["suppress", "amplify"], "evaluate": ["own", "held-out"],
                                           "controls": 2, "perplexitySentences": 1, "perplexityControls": 1,
                                           "bootstrap": 20, "dropoutFacts": 1, "dropoutRepeats": 1}},
                               {"id": "edit", "type": "edit-fact", "input": {"fromStep": "neurons"},
                                "params": {"factsPerRelation": 1, "filterFacts": "all", "filterShare": 0.6, "controls": 2,
                                           "neighbours": 1, "perplexitySentences": 1, "bootstrap": 20}}]}""".formatted(id, arch, neuronHook(arch)));
            kafka.send(PlatformTest.REQUESTS, id + "-compare", """
                    {"experimentId": "%s-compare", "model": "kn-test/tiny-%s", "seed": 1,
                     "facts": {"relations": ["P27"], "sample": {"size": 1}},
                     "steps": [{"id": "compare", "type": "compare-methods",
                                "params": {"ks": [1, 2], "candidates": 6, "controls": 2, "steps": 1, "bootstrap": 20}}]}""".formatted(id, arch));
        }
        for (String arch : ARCHS) {
            JsonNode data = result("dec-" + arch);
            JsonNode reproducibility = data.path("reproducibility");
            assertEquals(
                    "kn-test/tiny-" + arch,
                    reproducibility.path("model").path("id").asText(),
                    reproducibility.toString());
            assertEquals(
                    neuronHook(arch),
                    reproducibility.path("model").path("neuronHook").asText());
            // the next-token templates' selection is recorded: P27 keeps 7 of its 9 templates, P20 all 8
            assertTrue(
                    reproducibility.toString().contains("\"skippedTemplates\":{\"P20\":0,\"P27\":2}"),
                    reproducibility.toString());
            JsonNode probe = data.path("outputs").path("probe");
            assertEquals(4, probe.path("facts").size(), probe.toString());
            probe.path("facts")
                    .forEach(f -> assertTrue(
                            List.of("Paris", "France").contains(f.path("object").asText())));
            JsonNode effects = data.path("outputs").path("effects");
            assertTrue(effects.toString().contains("suppress"), effects.toString());
            JsonNode edit = data.path("outputs").path("edit");
            assertTrue(edit.path("edits").asInt() >= 1, edit.toString());
            JsonNode compare =
                    result("dec-" + arch + "-compare").path("outputs").path("compare");
            assertTrue(compare.toString().contains("causal"), compare.toString());
        }
    }

    @Test
    void badCheckpointsAndClozePromptsAreNamedAndDeadLettered() {
        for (String[] bad : new String[][] {
            {"tiny-falcon", "model_type 'falcon'"},
            {"tiny-no-tokenizer", "tokenizer.json"},
            {"tiny-wrong-shape", "has shape"}
        }) {
            String id = "dec-bad-" + bad[0];
            String request = """
                    {"experimentId": "%s", "model": "kn-test/%s",
                     "facts": {"prompts": [{"text": "The capital of France is", "gold": "Paris"}]},
                     "steps": [{"id": "fill", "type": "fill-mask"}]}""".formatted(id, bad[0]);
            kafka.send(PlatformTest.REQUESTS, id, request);
            JsonNode reason = failure(id);
            assertEquals("$.model", reason.path("field").asText(), reason.toString());
            assertTrue(reason.path("message").asText().contains(bad[1]), reason.toString());
            assertDeadLettered(id, request);
        }
        String request = """
                {"experimentId": "dec-bad-mask", "model": "kn-test/tiny-gpt2",
                 "facts": {"prompts": [{"text": "The capital of France is [MASK].", "gold": "Paris"}]},
                 "steps": [{"id": "fill", "type": "fill-mask"}]}""";
        kafka.send(PlatformTest.REQUESTS, "dec-bad-mask", request);
        JsonNode reason = failure("dec-bad-mask");
        assertEquals("$.facts.prompts[0].text", reason.path("field").asText(), reason.toString());
        assertTrue(reason.path("message").asText().contains("next-token"), reason.toString());
        assertDeadLettered("dec-bad-mask", request);
    }

    private static void assertDeadLettered(String id, String request) {
        ConsumerRecord<String, byte[]> dead =
                BadInputTest.last(kafka.readUntil(TopicNames.DLQ, r -> id.equals(r.key()), TIMEOUT));
        assertArrayEquals(request.getBytes(StandardCharsets.UTF_8), dead.value(), "the request as sent");
    }

    private static JsonNode result(String id) {
        List<JsonNode> results = kafka.eventsUntil(PlatformTest.RESULTS, id, "org.knlab.experiment.result", TIMEOUT);
        return results.get(results.size() - 1).path("data");
    }

    private static JsonNode failure(String id) {
        List<JsonNode> progress = kafka.eventsUntil(PlatformTest.PROGRESS, id, "org.knlab.experiment.failed", TIMEOUT);
        return progress.get(progress.size() - 1).path("data").path("reason");
    }
}
