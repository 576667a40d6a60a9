package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knlab.cli.KnCli;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;

/**
 * {@code activation-evidence} through Kafka on bert-base-cased, on inline neuron sets: its tables, the
 * same as {@code kn activation-evidence} prints for the same sets and seed, and bad parameters named.
 */
@QuarkusTest
class ActivationEvidenceStepTest extends PlatformTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(300);

    @Test
    void theStepReturnsItsTablesAndTheCliAgrees() throws Exception {
        List<Fact> facts = ParaRel.load().facts("P103").subList(0, 3);
        String neurons = "{\"" + facts.get(0).uuid() + "\": [[9, 100], [10, 2000]], \""
                + facts.get(1).uuid() + "\": [[11, 5]], \"" + facts.get(2).uuid() + "\": []}";
        String params = """
                "promptsPerKind": 3, "controls": 2, "permutations": 200, "bootstrap": 20""";
        kafka.send(PlatformTest.REQUESTS, "ev-1", """
                {"experimentId": "ev-1", "seed": 4,
                 "steps": [{"id": "evidence", "type": "activation-evidence",
                            "params": {"neurons": %s, %s}}]}""".formatted(neurons, params));
        List<JsonNode> results =
                kafka.eventsUntil(PlatformTest.RESULTS, "ev-1", "org.knlab.experiment.result", TIMEOUT);
        JsonNode evidence =
                results.get(results.size() - 1).path("data").path("outputs").path("evidence");
        assertEquals(2, evidence.path("facts").size(), evidence.toString());
        assertEquals(1, evidence.path("skipped").asInt(), "the empty set");
        assertEquals(9, evidence.path("contrasts").size(), "3 sets x 3 contrasts");
        assertEquals(18, evidence.path("kinds").size(), "3 sets x 6 prompt kinds");
        JsonNode first = evidence.path("facts").get(0);
        assertEquals(3, first.path("prompts").path("subject-only").asInt());
        assertTrue(
                first.path("auc")
                        .path("knowledge-neurons")
                        .path("relation-expressed")
                        .isNumber(),
                first.toString());
        assertTrue(evidence.path("markdown").asText().contains("relation-expressed"));

        Path file = Files.createTempFile("evidence-neurons", ".json");
        Path json = Files.createTempFile("evidence", ".json");
        Files.writeString(file, neurons);
        StringWriter out = new StringWriter();
        int exit = KnCli.commandLine()
                .setOut(new PrintWriter(out))
                .execute(
                        "activation-evidence",
                        "--neurons",
                        file.toString(),
                        "--prompts-per-kind",
                        "3",
                        "--controls",
                        "2",
                        "--permutations",
                        "200",
                        "--bootstrap",
                        "20",
                        "--seed",
                        "4",
                        "--json",
                        json.toString());
        assertEquals(0, exit, out.toString());
        JsonNode cli = Json.MAPPER.readTree(json.toFile());
        SameTables.assertSame("contrasts", cli.path("contrasts"), evidence.path("contrasts"));
        SameTables.assertSame("facts", cli.path("facts"), evidence.path("facts"));
        ReportFigures.assertLeadsWithItsFigure(base, "ev-1", "evidence");
    }

    @Test
    void badParametersAreNamed() {
        kafka.send(PlatformTest.REQUESTS, "ev-bad-1", """
                {"experimentId": "ev-bad-1", "facts": {"relations": ["P103"], "sample": {"size": 1}},
                 "steps": [{"id": "evidence", "type": "activation-evidence",
                            "params": {"kinds": ["subject-only", "subject-ony"], "neurons": {}}}]}""");
        assertTrue(failure("ev-bad-1").path("field").asText().startsWith("$.steps[0].params.kinds"));
        kafka.send(PlatformTest.REQUESTS, "ev-bad-2", """
                {"experimentId": "ev-bad-2", "facts": {"relations": ["P103"], "sample": {"size": 1}},
                 "steps": [{"id": "evidence", "type": "activation-evidence", "params": {"promptsPerKind": 0}}]}""");
        assertEquals(
                "$.steps[0].params.promptsPerKind",
                failure("ev-bad-2").path("field").asText());
        kafka.send(PlatformTest.REQUESTS, "ev-bad-3", """
                {"experimentId": "ev-bad-3", "facts": {"relations": ["P103"], "sample": {"size": 1}},
                 "steps": [{"id": "evidence", "type": "activation-evidence"}]}""");
        assertEquals("$.steps[0].input", failure("ev-bad-3").path("field").asText(), "no neuron sets");
    }

    private JsonNode failure(String id) {
        List<JsonNode> progress = kafka.eventsUntil(PlatformTest.PROGRESS, id, "org.knlab.experiment.failed", TIMEOUT);
        return progress.get(progress.size() - 1).path("data").path("reason");
    }
}
