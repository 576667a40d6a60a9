package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fact editing and relation erasing through Kafka on bert-base-cased, kept small. */
@QuarkusTest
class EditingStepsTest extends PlatformTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(600);

    /** A cheap knowledge-neurons step on a seeded sample of P103 (4 templates per fact). */
    private static final String NEURONS = """
            {"id": "probe", "type": "probe"},
            {"id": "neurons", "type": "knowledge-neurons", "input": {"fromStep": "probe"},
             "params": {"mode": "fast", "steps": 1, "heldOut": 0.25}}""";

    @Test
    void probeNeuronsEditReturnsPerEditResultsWithAllFourControlsAndIntervals() throws Exception {
        kafka.send(PlatformTest.REQUESTS, "ed-1", """
                {"experimentId": "ed-1", "seed": 2, "facts": {"relations": ["P103"], "sample": {"size": 4}},
                 "steps": [%s,
                           {"id": "edit", "type": "edit-fact", "input": {"fromStep": "neurons"},
                            "params": {"factsPerRelation": 1, "filterFacts": "all", "filterShare": 0.6, "controls": 2,
                                       "neighbours": 1, "perplexitySentences": 1, "bootstrap": 20}}]}""".formatted(NEURONS));
        List<JsonNode> results =
                kafka.eventsUntil(PlatformTest.RESULTS, "ed-1", "org.knlab.experiment.result", TIMEOUT);
        JsonNode edit =
                results.get(results.size() - 1).path("data").path("outputs").path("edit");
        assertTrue(edit.path("edits").asInt() >= 1, edit.toString());
        JsonNode pooled = edit.path("tables").get(0);
        assertEquals("all", pooled.path("group").asText());
        JsonNode efficacy = pooled.path("metrics").path("efficacy.top1");
        assertEquals(2, efficacy.path("vsRandom").path("controls").asInt(), "(a) matched random sets");
        assertTrue(efficacy.path("activated").isNumber(), "(b) most-activated");
        assertTrue(efficacy.path("gradient").isNumber(), "(d) gradient-matched");
        assertEquals(12, pooled.path("residualByLayer").size(), "(c) residual stream, every layer");
        assertTrue(efficacy.path("ci").path("low").asDouble()
                <= efficacy.path("ci").path("high").asDouble());
        JsonNode details = Json.MAPPER.readTree(
                Path.of(edit.path("details").path("path").asText()).toFile());
        JsonNode first = details.path("edits").get(0);
        assertEquals(2, first.path("random").size());
        assertFalse(first.path("knowledgeNeurons").path("fluency.pplAfter").isMissingNode());
        assertTrue(first.path("frobenius").asDouble() > 0);
        assertTrue(Files.isRegularFile(Path.of(edit.path("details").path("path").asText())));
        ReportFigures.assertLeadsWithItsFigure(base, "ed-1", "edit");
    }

    @Test
    void eraseRelationReturnsItsTable() throws Exception {
        kafka.send(PlatformTest.REQUESTS, "er-1", """
                {"experimentId": "er-1", "seed": 2, "facts": {"relations": ["P103"], "sample": {"size": 3}},
                 "steps": [%s,
                           {"id": "erase", "type": "erase-relation", "input": {"fromStep": "neurons"},
                            "params": {"relations": ["P103"], "k": 2, "factsPerRelation": "all", "relationPrompts": 12,
                                       "otherPrompts": 12, "controls": 2}}]}""".formatted(NEURONS));
        List<JsonNode> results =
                kafka.eventsUntil(PlatformTest.RESULTS, "er-1", "org.knlab.experiment.result", TIMEOUT);
        JsonNode relation = results.get(results.size() - 1)
                .path("data")
                .path("outputs")
                .path("erase")
                .path("relations")
                .get(0);
        assertEquals("P103", relation.path("relation").asText());
        assertEquals(2, relation.path("neurons").size());
        assertEquals(
                2 * 5,
                relation.path("rows").size(),
                "zero and [UNK] × (neurons, 2 random, most-activated, top-gradient)");
        assertEquals(12, relation.path("relationPrompts").asInt());
        ReportFigures.assertLeadsWithItsFigure(base, "er-1", "erase");
    }

    @Test
    void badEditInputNamesTheField() {
        kafka.send(PlatformTest.REQUESTS, "ed-bad-1", """
                {"experimentId": "ed-bad-1", "facts": {"relations": ["P103"], "sample": {"size": 1}},
                 "steps": [{"id": "edit", "type": "edit-fact", "params": {"lambda2": 1000}}]}""");
        assertEquals(
                "$.steps[0].params.lambda2", failure("ed-bad-1").path("field").asText());

        kafka.send(PlatformTest.REQUESTS, "ed-bad-2", """
                {"experimentId": "ed-bad-2", "seed": 2, "facts": {"relations": ["P103"], "sample": {"size": 2}},
                 "steps": [%s,
                           {"id": "edit", "type": "edit-fact", "input": {"fromStep": "neurons"},
                            "params": {"relations": ["P9999"]}}]}""".formatted(NEURONS));
        assertEquals(
                "$.steps[2].params.relations[0]",
                failure("ed-bad-2").path("field").asText());

        kafka.send(PlatformTest.REQUESTS, "ed-bad-3", """
                {"experimentId": "ed-bad-3", "seed": 2, "facts": {"relations": ["P103"], "sample": {"size": 2}},
                 "steps": [%s,
                           {"id": "erase", "type": "erase-relation", "input": {"fromStep": "neurons"},
                            "params": {"relations": ["P103"], "k": 5000}}]}""".formatted(NEURONS));
        JsonNode reason = failure("ed-bad-3");
        assertEquals("$.steps[2].params.k", reason.path("field").asText());
        assertTrue(reason.path("message").asText().contains("distinct neurons"), reason.toString());
    }

    private JsonNode failure(String id) {
        List<JsonNode> progress = kafka.eventsUntil(PlatformTest.PROGRESS, id, "org.knlab.experiment.failed", TIMEOUT);
        return progress.get(progress.size() - 1).path("data").path("reason");
    }
}
