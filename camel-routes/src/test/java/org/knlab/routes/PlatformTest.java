package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knlab.schemas.TopicNames;

/** Requests through a real KRaft broker, the Camel routes and the real bert-base-cased. */
@QuarkusTest
class PlatformTest extends PlatformTestBase {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final String REQUESTS = TopicNames.REQUESTS;
    static final String PROGRESS = TopicNames.PROGRESS;
    static final String RESULTS = TopicNames.RESULTS;

    static List<String> types(List<JsonNode> events) {
        return events.stream()
                .map(e -> e.path("type").asText().replace("org.knlab.experiment.", ""))
                .toList();
    }

    @Test
    void fillMaskRequestYieldsAzerbaijanAfterAcceptedAndStarted() {
        kafka.send(REQUESTS, "fm-1", """
                {"experimentId": "fm-1", "facts": {"prompts": [{"text": "Baku is the capital of [MASK].", "gold": "Azerbaijan"}]},
                 "steps": [{"id": "predict", "type": "fill-mask", "params": {"top": 3}}]}""");
        List<JsonNode> progress = kafka.eventsUntil(PROGRESS, "fm-1", "org.knlab.experiment.completed", TIMEOUT);
        assertEquals(List.of("accepted", "started", "progress", "step.completed", "completed"), types(progress));
        List<JsonNode> results = kafka.eventsUntil(RESULTS, "fm-1", "org.knlab.experiment.result", TIMEOUT);
        assertEquals(List.of("step.result", "result"), types(results));

        JsonNode result = results.get(1).path("data");
        JsonNode mask = result.path("outputs")
                .path("predict")
                .path("results")
                .get(0)
                .path("masks")
                .get(0);
        assertEquals("Azerbaijan", mask.path("predictions").get(0).path("token").asText());
        assertEquals(0.970, mask.path("gold").path("probability").asDouble(), 0.005);
        JsonNode repro = result.path("reproducibility");
        assertEquals("bert-base-cased", repro.path("model").path("id").asText());
        assertTrue(repro.path("model").path("sha256").asText().matches("[0-9a-f]{64}"));
        assertEquals(3, repro.path("parameters").path("predict").path("top").asInt());
        assertTrue(repro.path("codeVersion").asText().startsWith("kn-lab "));
        assertEquals("fm-1", results.get(1).path("subject").asText());
    }

    @Test
    void probeWorkflowRunsItsSecondStepOnTheCorrectFactsOnly() {
        kafka.send(REQUESTS, "wf-1", """
                {"experimentId": "wf-1", "seed": 7, "facts": {"relations": ["P36"], "sample": {"size": 6}},
                 "steps": [{"id": "probe", "type": "probe"},
                           {"id": "known", "type": "probe", "input": {"fromStep": "probe", "select": "correct"}}]}""");
        List<JsonNode> results = kafka.eventsUntil(RESULTS, "wf-1", "org.knlab.experiment.result", TIMEOUT);
        assertEquals(List.of("step.result", "step.result", "result"), types(results));
        JsonNode outputs = results.get(2).path("data").path("outputs");
        JsonNode first = outputs.path("probe");
        assertEquals(6, first.path("facts").size());
        long correct = 0;
        for (JsonNode f : first.path("facts")) {
            correct += f.path("accuracy").asDouble() >= 0.5 ? 1 : 0;
        }
        JsonNode second = outputs.path("known");
        assertEquals(correct, second.path("facts").size());
        assertEquals("step:probe", second.path("dataSelection").path("source").asText());
        for (JsonNode f : second.path("facts")) {
            assertTrue(f.path("accuracy").asDouble() >= 0.5, f.toString());
        }
        JsonNode selection = results.get(2).path("data").path("reproducibility").path("dataSelection");
        assertEquals(6, selection.path("facts").asInt());
        assertEquals(7, selection.path("seed").asInt());
        List<JsonNode> progress = kafka.eventsUntil(PROGRESS, "wf-1", "org.knlab.experiment.completed", TIMEOUT);
        assertEquals(
                2, types(progress).stream().filter("step.completed"::equals).count());
    }

    @Test
    void theSameExperimentIdTwiceRunsOnce() {
        String request = """
                {"experimentId": "dup-1", "facts": {"prompts": [{"text": "Tokyo is the capital city of [MASK].", "gold": "Japan"}]},
                 "steps": [{"id": "predict", "type": "fill-mask"}]}""";
        kafka.send(REQUESTS, "dup-1", request);
        kafka.eventsUntil(RESULTS, "dup-1", "org.knlab.experiment.result", TIMEOUT);
        kafka.send(REQUESTS, "dup-1", request);
        // A later request proves the intake has read past the duplicate.
        kafka.send(REQUESTS, "dup-after", request.replace("dup-1", "dup-after"));
        kafka.eventsUntil(RESULTS, "dup-after", "org.knlab.experiment.result", TIMEOUT);
        List<JsonNode> results = kafka.eventsFor(RESULTS, "dup-1", Duration.ofSeconds(3));
        assertEquals(List.of("step.result", "result"), types(results));
    }
}
