package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** compare-methods through Kafka on the real model: kept tiny (one fact, a pool of 6, 2 controls). */
@QuarkusTest
class CompareMethodsStepTest extends PlatformTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(600);

    @Test
    void aSmallComparisonReturnsTheMethodTable() throws Exception {
        kafka.send(PlatformTest.REQUESTS, "cm-1", """
                {"experimentId": "cm-1", "seed": 5, "facts": {"relations": ["P36"], "sample": {"size": 1}},
                 "steps": [{"id": "compare", "type": "compare-methods",
                            "params": {"ks": [1, 3], "candidates": 6, "controls": 2, "steps": 1, "bootstrap": 20,
                                       "rule": "eleuther"}}]}""");
        List<JsonNode> results =
                kafka.eventsUntil(PlatformTest.RESULTS, "cm-1", "org.knlab.experiment.result", TIMEOUT);
        JsonNode compare =
                results.get(results.size() - 1).path("data").path("outputs").path("compare");
        // the eleuther rule (no floor) leaves every fact at least one knowledge neuron: none is skipped
        assertEquals(1, compare.path("facts").asInt(), compare.toString());
        Set<String> methods = new TreeSet<>();
        for (JsonNode row : compare.path("methods")) {
            methods.add(row.path("method").asText());
            assertTrue(row.path("heldOut").path("ratioOfMeans").isNumber(), row.toString());
            if (row.path("size").asText().equals("3")) {
                assertEquals(3.0, row.path("meanK").asDouble(), row.toString());
            }
        }
        assertEquals(
                new TreeSet<>(List.of(
                        "ig", "ig-one-prompt", "activation", "grad-x-act", "gradient", "random", "causal-search")),
                methods);
        // sizes kn, 1 and 3 for each of 7 methods; the causal search has no "kn" set when the count exceeds its
        // pool of 6
        int rows = compare.path("methods").size();
        assertTrue(rows == 21 || rows == 20, compare.path("methods").toString());
        assertTrue(compare.path("markdown").asText().contains("| causal-search |"));
        assertEquals(4, compare.path("gradientCheck").size());
        assertTrue(compare.path("meanSearchCost").path("passes").asInt() > 0);
        assertTrue(
                Files.isRegularFile(Path.of(compare.path("details").path("path").asText())));
        ReportFigures.assertLeadsWithItsFigure(base, "cm-1", "compare");
    }

    @Test
    void anUnknownMethodOrABudgetAboveThePoolFailsNamingTheField() {
        kafka.send(PlatformTest.REQUESTS, "cm-bad-1", """
                {"experimentId": "cm-bad-1", "facts": {"relations": ["P103"], "sample": {"size": 1}},
                 "steps": [{"id": "compare", "type": "compare-methods", "params": {"methods": ["ig", "dowsing"]}}]}""");
        JsonNode reason = failure("cm-bad-1");
        assertEquals("$.steps[0].params.methods[1]", reason.path("field").asText(), reason.toString());

        kafka.send(PlatformTest.REQUESTS, "cm-bad-2", """
                {"experimentId": "cm-bad-2", "facts": {"relations": ["P103"], "sample": {"size": 1}},
                 "steps": [{"id": "compare", "type": "compare-methods", "params": {"ks": [1, 10], "candidates": 8}}]}""");
        reason = failure("cm-bad-2");
        assertEquals("invalid-parameter", reason.path("code").asText(), reason.toString());
        assertEquals("$.steps[0].params.ks[1]", reason.path("field").asText(), reason.toString());
    }

    private JsonNode failure(String id) {
        List<JsonNode> progress =
                kafka.eventsUntil(PlatformTest.PROGRESS, id, "org.knlab.experiment.failed", PlatformTest.TIMEOUT);
        return progress.get(progress.size() - 1).path("data").path("reason");
    }
}
