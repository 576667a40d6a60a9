package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knlab.model.HostTensor;
import org.knlab.model.SafeTensors;

/** The attribute and knowledge-neurons steps through Kafka on the real model. */
@QuarkusTest
class AttributionStepsTest extends PlatformTestBase {

    @Test
    void attributeStepPublishesTopNeuronsAndWritesTheFullScores() throws Exception {
        kafka.send(PlatformTest.REQUESTS, "attr-1", """
                {"experimentId": "attr-1", "seed": 1, "facts": {"relations": ["P1376"], "sample": {"size": 1}},
                 "steps": [{"id": "scores", "type": "attribute", "params": {"mode": "fast", "steps": 2, "top": 5}}]}""");
        List<JsonNode> results =
                kafka.eventsUntil(PlatformTest.RESULTS, "attr-1", "org.knlab.experiment.result", PlatformTest.TIMEOUT);
        JsonNode output =
                results.get(results.size() - 1).path("data").path("outputs").path("scores");
        JsonNode fact = output.path("facts").get(0);
        JsonNode prompt = fact.path("prompts").get(0);
        assertEquals(5, prompt.path("top").size());
        assertEquals(12, prompt.path("completenessGap").size());
        assertTrue(prompt.path("top").get(0).get(2).asDouble()
                >= prompt.path("top").get(4).get(2).asDouble());
        Path file = Path.of(output.path("scores").path("path").asText());
        assertTrue(Files.isRegularFile(file), file.toString());
        Map<String, HostTensor> tensors = SafeTensors.read(file);
        long[] shape = tensors.get(fact.path("uuid").asText()).shape();
        assertEquals(List.of((long) fact.path("prompts").size(), 12L, 3072L), List.of(shape[0], shape[1], shape[2]));
        JsonNode params = results.get(results.size() - 1)
                .path("data")
                .path("reproducibility")
                .path("parameters")
                .path("scores");
        assertEquals("fast", params.path("mode").asText());
        assertEquals(
                "gauss-legendre",
                params.path("resolvedAttribution").path("quadrature").asText());
        assertEquals(2, params.path("resolvedAttribution").path("steps").asInt());
        ReportFigures.assertLeadsWithItsFigure(base, "attr-1", "scores");
    }

    @Test
    void knowledgeNeuronsRunOnTheFactsTheModelKnows() throws Exception {
        kafka.send(PlatformTest.REQUESTS, "kn-1", """
                {"experimentId": "kn-1", "seed": 2, "facts": {"relations": ["P1376"], "sample": {"size": 3}},
                 "steps": [{"id": "probe", "type": "probe"},
                           {"id": "neurons", "type": "knowledge-neurons", "input": {"fromStep": "probe", "select": "correct"},
                            "params": {"mode": "fast", "steps": 2, "rule": "authors", "heldOut": 0.25}}]}""");
        List<JsonNode> results =
                kafka.eventsUntil(PlatformTest.RESULTS, "kn-1", "org.knlab.experiment.result", PlatformTest.TIMEOUT);
        JsonNode outputs = results.get(results.size() - 1).path("data").path("outputs");
        long correct = 0;
        for (JsonNode f : outputs.path("probe").path("facts")) {
            correct += f.path("accuracy").asDouble() >= 0.5 ? 1 : 0;
        }
        JsonNode neurons = outputs.path("neurons");
        JsonNode sets = neurons.path("neuronSets");
        assertEquals("kn-lab/neuron-sets", sets.path("format").asText());
        assertEquals("knowledge-neurons", sets.path("provenance").path("source").asText());
        assertEquals("bert-base-cased", sets.path("provenance").path("model").asText());
        assertEquals(64, sets.path("provenance").path("modelSha256").asText().length());
        assertEquals(correct, sets.path("sets").size());
        for (JsonNode f : sets.path("sets")) {
            assertTrue(f.path("heldOutPrompts").size() >= 1, f.toString());
            for (JsonNode n : f.path("neurons")) {
                assertTrue(n.path("prompts").asInt() >= 3, "the authors' floor of 3 prompts: " + f);
            }
        }
        assertEquals(correct, neurons.path("statistics").path("facts").asInt());
        assertTrue(neurons.path("promptShareByRelation").has("P1376") || correct == 0);
        ReportFigures.assertLeadsWithItsFigure(base, "kn-1", "neurons");
    }

    @Test
    void unknownAttributionMethodFailsWithTheParameterNamed() {
        kafka.send(PlatformTest.REQUESTS, "attr-bad", """
                {"experimentId": "attr-bad", "facts": {"relations": ["P1376"], "sample": {"size": 1}},
                 "steps": [{"id": "scores", "type": "attribute", "params": {"method": "lime"}}]}""");
        List<JsonNode> progress = kafka.eventsUntil(
                PlatformTest.PROGRESS, "attr-bad", "org.knlab.experiment.failed", PlatformTest.TIMEOUT);
        JsonNode reason = progress.get(progress.size() - 1).path("data").path("reason");
        assertEquals("schema-violation", reason.path("code").asText(), "params are checked at intake");
        assertEquals("$.steps[0].params.method", reason.path("field").asText());
    }
}
