package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.knlab.model.WeightsDigest;

/** Interventions with controls, and the paper-figure replication, through Kafka on the real model. */
@QuarkusTest
class InterventionStepsTest extends PlatformTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(300);

    @Test
    void knowledgeNeuronsThenInterventionsReturnEffectsControlsAndIntervals() throws Exception {
        kafka.send(PlatformTest.REQUESTS, "iv-1", """
                {"experimentId": "iv-1", "seed": 3, "facts": {"relations": ["P103"], "sample": {"size": 2}},
                 "steps": [{"id": "neurons", "type": "knowledge-neurons",
                            "params": {"mode": "fast", "steps": 2, "heldOut": 0.25}},
                           {"id": "effects", "type": "interventions", "input": {"fromStep": "neurons"},
                            "params": {"interventions": ["suppress", "amplify", "unk-slot"],
                                       "evaluate": ["own", "held-out", "other-relation"], "controls": 5,
                                       "perplexitySentences": 2, "perplexityControls": 2, "bootstrap": 200,
                                       "dropoutFacts": 1, "dropoutRepeats": 1}}]}""");
        List<JsonNode> results =
                kafka.eventsUntil(PlatformTest.RESULTS, "iv-1", "org.knlab.experiment.result", TIMEOUT);
        JsonNode data = results.get(results.size() - 1).path("data");
        JsonNode effects = data.path("outputs").path("effects");
        Set<String> cells = new TreeSet<>();
        for (JsonNode row : effects.path("all").path("rows")) {
            cells.add(row.path("evaluation").asText() + "/"
                    + row.path("intervention").asText());
            assertEquals(2, row.path("neurons").path("facts").asInt(), row.toString());
            assertTrue(row.path("neurons").path("ratioOfMeans").isNumber(), row.toString());
            assertTrue(row.path("neurons").path("meanOfRatios").isNumber(), row.toString());
            JsonNode controls = row.path("ratioOfMeansVsControls");
            assertEquals(5, controls.path("controls").asInt());
            assertTrue(controls.path("controlSd").asDouble() >= 0);
            double p = controls.path("p").asDouble();
            assertTrue(p >= 1 / 6.0 && p <= 1, row.toString());
            assertTrue(row.path("ratioOfMeansCi").path("low").asDouble()
                    <= row.path("ratioOfMeansCi").path("high").asDouble());
            assertTrue(row.path("gradientMatched").path("ratioOfMeans").isNumber());
        }
        assertEquals(
                new TreeSet<>(List.of(
                        "own/suppress",
                        "own/amplify",
                        "own/unk-slot",
                        "held-out/suppress",
                        "held-out/amplify",
                        "held-out/unk-slot",
                        "other-relation/suppress",
                        "other-relation/amplify",
                        "other-relation/unk-slot")),
                cells);
        assertEquals(3, effects.path("all").path("perplexity").size());
        assertTrue(effects.path("byRelation")
                .path("P103")
                .path("own")
                .path("suppress")
                .has("z"));
        assertEquals(4, effects.path("dropout").path("points").size());
        Path details = Path.of(effects.path("details").path("path").asText());
        assertTrue(Files.isRegularFile(details));
        assertEquals(
                WeightsDigest.of(List.of(details)),
                effects.path("details").path("sha256").asText());
        JsonNode params = data.path("reproducibility").path("parameters").path("effects");
        assertEquals(5, params.path("controls").asInt());
        assertEquals(3, data.path("reproducibility").path("seed").asInt());
        assertEquals(
                List.of("suppress", "amplify", "unk-slot"),
                List.of(
                        params.path("interventions").get(0).asText(),
                        params.path("interventions").get(1).asText(),
                        params.path("interventions").get(2).asText()));
        ReportFigures.assertLeadsWithItsFigure(base, "iv-1", "effects");
    }

    @Test
    void replicationStepGivesTheFigureTableWithControlsAndTheDropoutCurve() throws Exception {
        kafka.send(PlatformTest.REQUESTS, "fig-1", """
                {"experimentId": "fig-1", "seed": 4,
                 "steps": [{"id": "figures", "type": "replicate-kn-figures",
                            "params": {"relations": ["P103"], "factsPerRelation": 2, "mode": "fast", "steps": 1,
                                       "controls": 3, "dropoutFacts": 1, "dropoutRepeats": 2, "bootstrap": 50}}]}""");
        List<JsonNode> results =
                kafka.eventsUntil(PlatformTest.RESULTS, "fig-1", "org.knlab.experiment.result", TIMEOUT);
        JsonNode data = results.get(results.size() - 1).path("data");
        JsonNode figures = data.path("outputs").path("figures");
        List<String> rows = new ArrayList<>();
        figures.path("figures").forEach(f -> rows.add(f.path("relation").asText()));
        assertEquals(List.of("P103", "mean over relations", "all"), rows);
        JsonNode p103 = figures.path("figures").get(0);
        for (String column : List.of("suppressRelated", "suppressUnrelated", "amplifyRelated", "amplifyUnrelated")) {
            assertTrue(p103.path(column).path("ratioOfMeans").isNumber(), column);
            assertTrue(p103.path(column).path("controlRatioOfMeans").isNumber(), column);
        }
        assertEquals(4, figures.path("dropout").path("points").size());
        assertEquals(
                7, figures.path("dropout").path("points").get(0).path("neurons").asInt());
        assertEquals(-0.3703, figures.path("paper").path("suppressRelated").asDouble(), 1e-9);
        JsonNode selection = data.path("reproducibility").path("dataSelection");
        assertEquals(2, selection.path("facts").asInt());
        assertEquals("step.params", selection.path("source").asText());
        assertFalse(selection.path("factIdsSha256").asText().isEmpty());
        ReportFigures.assertLeadsWithItsFigure(base, "fig-1", "figures");
    }

    @Test
    void interventionsWithoutKnowledgeNeuronsOrWithAnUnknownKindFailClearly() {
        kafka.send(PlatformTest.REQUESTS, "iv-bad-1", """
                {"experimentId": "iv-bad-1", "facts": {"relations": ["P103"], "sample": {"size": 1}},
                 "steps": [{"id": "effects", "type": "interventions"}]}""");
        JsonNode reason = failure("iv-bad-1");
        assertEquals("invalid-workflow", reason.path("code").asText());
        assertEquals("$.steps[0].input", reason.path("field").asText());

        kafka.send(PlatformTest.REQUESTS, "iv-bad-2", """
                {"experimentId": "iv-bad-2", "facts": {"relations": ["P103"], "sample": {"size": 1}},
                 "steps": [{"id": "probe", "type": "probe"},
                           {"id": "effects", "type": "interventions", "input": {"fromStep": "probe"},
                            "params": {"interventions": ["lobotomy"]}}]}""");
        reason = failure("iv-bad-2");
        assertEquals(
                "schema-violation", reason.path("code").asText(), "params are checked at intake, step by step type");
        assertEquals("$.steps[1].params.interventions[0]", reason.path("field").asText());
    }

    private JsonNode failure(String id) {
        List<JsonNode> progress =
                kafka.eventsUntil(PlatformTest.PROGRESS, id, "org.knlab.experiment.failed", PlatformTest.TIMEOUT);
        return progress.get(progress.size() - 1).path("data").path("reason");
    }
}
