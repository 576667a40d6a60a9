package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * The same {@code interventions} experiment through {@code kn interventions} and through Kafka, on
 * neuron sets in EleutherAI's format given as a file and inline: the same tables (numbers to float32
 * rounding, {@link SameTables}) — rows, Benjamini–Hochberg q per relation and the hub-aware sets.
 */
@QuarkusTest
class CliKafkaEquivalenceTest extends PlatformTestBase {

    @Test
    void theCliAndTheKafkaStepGiveTheSameTables() throws Exception {
        List<Fact> facts = ParaRel.load().facts("P103").subList(0, 2);
        String neurons = "{\"" + facts.get(0).uuid() + "\": [[9, 100], [10, 2000]], \""
                + facts.get(1).uuid() + "\": [[11, 5]]}";
        Path file = Files.createTempFile("eleuther-neurons", ".json");
        Path json = Files.createTempFile("cli-tables", ".json");
        Files.writeString(file, neurons);
        StringWriter out = new StringWriter();
        int exit = KnCli.commandLine()
                .setOut(new PrintWriter(out))
                .execute(
                        "interventions",
                        "--neurons",
                        file.toString(),
                        "--interventions",
                        "suppress,amplify",
                        "--evaluate",
                        "own,same-relation",
                        "--controls",
                        "3",
                        "--perplexity-sentences",
                        "0",
                        "--bootstrap",
                        "20",
                        "--seed",
                        "7",
                        "--json",
                        json.toString());
        assertEquals(0, exit, out.toString());

        kafka.send(PlatformTest.REQUESTS, "eq-1", """
                {"experimentId": "eq-1", "seed": 7,
                 "steps": [{"id": "effects", "type": "interventions",
                            "params": {"neurons": %s, "interventions": ["suppress", "amplify"],
                                       "evaluate": ["own", "same-relation"], "controls": 3,
                                       "perplexitySentences": 0, "bootstrap": 20}}]}""".formatted(neurons));
        List<JsonNode> results =
                kafka.eventsUntil(PlatformTest.RESULTS, "eq-1", "org.knlab.experiment.result", Duration.ofSeconds(300));
        JsonNode effects =
                results.get(results.size() - 1).path("data").path("outputs").path("effects");
        assertEquals(2, effects.path("neuronSource").path("facts").asInt(), effects.toString());
        assertTrue(effects.path("neuronSource").path("warnings").get(0).asText().contains("bert-base-uncased"));

        JsonNode cli = Json.MAPPER.readTree(json.toFile());
        ArrayNode cliAll = Json.MAPPER.createArrayNode();
        cli.path("tables").path("rows").forEach(r -> {
            if (r.path("group").asText().equals("all")) {
                cliAll.add(r);
            }
        });
        assertEquals(4, cliAll.size(), "2 evaluations x 2 interventions");
        SameTables.assertSame("rows", cliAll, effects.path("all").path("rows"));
        // the hub-aware sets (on by default) and the per-relation q alike
        SameTables.assertSame("hubs", cli.path("hubs"), effects.path("hubs"));
        assertEquals(
                2,
                effects.path("hubs").path("facts").asInt(),
                effects.path("hubs").toString());
        cli.path("tables").path("rows").forEach(r -> {
            if (!r.path("group").asText().equals("all")) {
                JsonNode compact = effects.path("byRelation")
                        .path(r.path("group").asText())
                        .path(r.path("evaluation").asText())
                        .path(r.path("intervention").asText());
                SameTables.assertSame(r.toString(), r.path("q"), compact.path("q"));
                SameTables.assertSame(
                        r.toString(), r.path("hubs").path("carriedByHubs"), compact.path("carriedByHubs"));
            }
        });
    }
}
