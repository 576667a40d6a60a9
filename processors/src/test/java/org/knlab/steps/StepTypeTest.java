package org.knlab.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knlab.cli.KnCli;

/** The registry is complete: the request schema, the schemas on disk and the kn commands name the same step types. */
class StepTypeTest {

    private static final Path JSON_DIR = Path.of("..", "schemas", "json");

    @Test
    void theRequestSchemaNamesExactlyTheRegisteredStepTypesInTheirOrder() throws IOException {
        JsonNode branches = new ObjectMapper()
                .readTree(JSON_DIR.resolve("experiment-request.schema.json").toFile())
                .path("$defs")
                .path("step")
                .path("allOf");
        List<String> inSchema = new ArrayList<>();
        for (JsonNode b : branches) {
            inSchema.add(
                    b.path("if").path("properties").path("type").path("const").asText());
            String ref = b.path("then")
                    .path("properties")
                    .path("params")
                    .path("$ref")
                    .asText();
            assertEquals(
                    StepType.find(inSchema.get(inSchema.size() - 1))
                            .orElseThrow()
                            .paramsSchema(),
                    ref);
        }
        assertEquals(StepType.ids(), inSchema);
    }

    @Test
    void everyStepTypeHasItsSchemasAndItsCommand() {
        var commands = KnCli.commandLine().getSubcommands();
        for (StepType type : StepType.values()) {
            assertTrue(Files.exists(JSON_DIR.resolve(type.paramsSchema())), type.paramsSchema());
            assertTrue(Files.exists(JSON_DIR.resolve(type.outputSchema())), type.outputSchema());
            // probe is a step only: kn fill-mask and the commands' own checks cover what it does
            assertTrue(type == StepType.PROBE || commands.containsKey(type.id()), "kn " + type.id());
        }
    }
}
