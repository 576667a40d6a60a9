package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;

/**
 * {@code factors} and {@code train-sae} through Kafka on bert-base-cased, kept small: the fits and
 * table; a dictionary trained in one step compared with the neurons in the next; bad parameters named.
 */
@QuarkusTest
class FactorsStepTest extends PlatformTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(600);

    @Test
    void theStepReturnsFitsAndTheComparisonTable() throws Exception {
        List<Fact> facts = ParaRel.load().facts("P103").subList(0, 2);
        String neurons = "{\"" + facts.get(0).uuid() + "\": [[10, 100], [11, 2000]], \""
                + facts.get(1).uuid() + "\": [[11, 5]]}";
        kafka.send(PlatformTest.REQUESTS, "fa-1", """
                {"experimentId": "fa-1", "seed": 3,
                 "steps": [{"id": "factors", "type": "factors",
                            "params": {"neurons": %s, "rank": 4, "samplePrompts": 24, "factorSteps": 1, "sizes": [1],
                                       "controls": 2, "bootstrap": 20, "curveSizes": [1, 2], "purityPrompts": 30,
                                       "purityTop": 5}}]}""".formatted(neurons));
        List<JsonNode> results =
                kafka.eventsUntil(PlatformTest.RESULTS, "fa-1", "org.knlab.experiment.result", TIMEOUT);
        JsonNode out =
                results.get(results.size() - 1).path("data").path("outputs").path("factors");
        assertEquals(2 * 2, out.path("fits").size(), "nmf and pca for layers 10 and 11 of P103: " + out.path("fits"));
        out.path("fits").forEach(f -> assertTrue(f.path("relativeError").asDouble() < 1, f.toString()));
        assertEquals(2, out.path("facts").size());
        List<String> units = new ArrayList<>();
        out.path("table").forEach(r -> {
            if (r.path("evaluation").asText().equals("own")
                    && r.path("size").asText().equals("kn")) {
                units.add(r.path("unit").asText() + "/" + r.path("scale").asText());
            }
        });
        assertTrue(
                units.containsAll(List.of(
                        "neurons/same-size",
                        "nmf/same-size",
                        "pca/same-size",
                        "nmf/equal-norm",
                        "pca/equal-norm",
                        "random-directions:nmf/same-size",
                        "random-directions:pca/equal-norm")),
                units.toString());
        assertTrue(out.path("markdown").asText().contains("equal-norm"));
        // The fact with one neuron counts at size 1 too (its own size is one of the asked sizes).
        out.path("table").forEach(r -> {
            if (r.path("size").asText().equals("1") && r.path("scale").asText().equals("same-size")) {
                assertEquals(2, r.path("facts").asInt(), r.toString());
            }
        });
        ReportFigures.assertLeadsWithItsFigure(base, "fa-1", "factors");
    }

    @Test
    void aSparseAutoencoderTrainedThroughKafkaIsComparedWithTheNeurons() throws Exception {
        List<Fact> facts = ParaRel.load().facts("P103").subList(0, 2);
        String neurons = "{\"" + facts.get(0).uuid() + "\": [[11, 100], [11, 2000]], \""
                + facts.get(1).uuid() + "\": [[11, 5]]}";
        kafka.send(PlatformTest.REQUESTS, "sae-1", """
                {"experimentId": "sae-1", "seed": 3,
                 "steps": [{"id": "train", "type": "train-sae",
                            "params": {"relations": ["P103"], "factsPerRelation": 6, "neurons": %s, "layers": [11],
                                       "width": 3072, "k": 8, "batchSize": 16, "epochs": 1}},
                           {"id": "features", "type": "factors",
                            "params": {"neurons": %s, "factorisations": ["sae", "pca"], "rank": 4, "samplePrompts": 24,
                                       "factorSteps": 1, "sizes": [1], "controls": 1, "bootstrap": 20,
                                       "curveSizes": [1, 2], "purityPrompts": 30, "purityTop": 5}}]}""".formatted(neurons, neurons));
        List<JsonNode> results =
                kafka.eventsUntil(PlatformTest.RESULTS, "sae-1", "org.knlab.experiment.result", TIMEOUT);
        JsonNode outputs = results.get(results.size() - 1).path("data").path("outputs");
        JsonNode trained = outputs.path("train");
        assertEquals(2, trained.path("excludedFacts").asInt(), "the neuron sets' facts are kept out: " + trained);
        int used = trained.path("trainingFacts").asInt()
                + trained.path("evaluationFacts").asInt();
        assertTrue(used >= 4 && used <= 6, "6 sampled, the sets' facts among them kept out: " + trained);
        JsonNode layer = trained.path("layers").path(0);
        assertEquals(11, layer.path("layer").asInt());
        assertTrue(layer.path("pGold").asDouble() > 0 && layer.path("l0").asDouble() <= 8, layer.toString());
        JsonNode features = outputs.path("features");
        assertEquals(
                trained.path("dictionary").asText(), features.path("dictionary").asText(), "the one just trained");
        List<String> units = new ArrayList<>();
        features.path("table")
                .forEach(r -> units.add(
                        r.path("unit").asText() + "/" + r.path("scale").asText()));
        assertTrue(
                units.containsAll(List.of(
                        "sae/same-size",
                        "sae/equal-norm",
                        "random-units:sae/same-size",
                        "random-directions:sae/equal-norm",
                        "neurons:ig/curve",
                        "sae/curve")),
                units.toString());
        assertEquals(2, features.path("facts").size());
        List<String> needed = new ArrayList<>();
        features.path("unitsNeeded").forEach(r -> needed.add(r.path("unit").asText()));
        assertEquals(
                List.of("neurons:ig", "sae", "pca"),
                needed,
                features.path("unitsNeeded").toString());
        features.path("unitsNeeded")
                .forEach(r -> assertEquals(2, r.path("facts").asInt(), r.toString()));
        ReportFigures.assertLeadsWithItsFigure(base, "sae-1", "train");
        ReportFigures.assertLeadsWithItsFigure(base, "sae-1", "features");
    }

    @Test
    void badParametersAreNamed() {
        String neurons = "{\"" + ParaRel.load().facts("P103").get(0).uuid() + "\": [[11, 5]]}";
        kafka.send(PlatformTest.REQUESTS, "fa-bad-1", """
                {"experimentId": "fa-bad-1", "steps": [{"id": "factors", "type": "factors", "params": {"rank": 0}}]}""");
        assertEquals("$.steps[0].params.rank", failure("fa-bad-1").path("field").asText());
        kafka.send(PlatformTest.REQUESTS, "fa-bad-2", """
                {"experimentId": "fa-bad-2", "steps": [{"id": "factors", "type": "factors",
                  "params": {"neurons": %s, "rank": 50, "samplePrompts": 10}}]}""".formatted(neurons));
        JsonNode reason = failure("fa-bad-2");
        assertEquals("$.steps[0].params.rank", reason.path("field").asText(), reason.toString());
        assertTrue(reason.path("message").asText().contains("10 prompts"), reason.toString());
        kafka.send(PlatformTest.REQUESTS, "fa-bad-3", """
                {"experimentId": "fa-bad-3", "steps": [{"id": "factors", "type": "factors",
                  "params": {"neurons": %s, "factorisations": ["sae"], "dictionary": "0123abcd0123abcd"}}]}""".formatted(neurons));
        assertEquals(
                "$.steps[0].params.dictionary",
                failure("fa-bad-3").path("field").asText());
        kafka.send(PlatformTest.REQUESTS, "sae-bad-1", """
                {"experimentId": "sae-bad-1",
                 "steps": [{"id": "train", "type": "train-sae", "params": {"relations": ["P103"], "width": 100}}]}""");
        assertEquals(
                "$.steps[0].params.width", failure("sae-bad-1").path("field").asText());
        kafka.send(PlatformTest.REQUESTS, "sae-bad-2", """
                {"experimentId": "sae-bad-2",
                 "steps": [{"id": "train", "type": "train-sae", "params": {"relations": ["P103"], "layers": [12]}}]}""");
        assertEquals(
                "$.steps[0].params.layers[0]",
                failure("sae-bad-2").path("field").asText());
    }

    private JsonNode failure(String id) {
        List<JsonNode> progress = kafka.eventsUntil(PlatformTest.PROGRESS, id, "org.knlab.experiment.failed", TIMEOUT);
        return progress.get(progress.size() - 1).path("data").path("reason");
    }
}
