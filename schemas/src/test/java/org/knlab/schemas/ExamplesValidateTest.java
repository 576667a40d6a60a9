package org.knlab.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every example message in schemas/examples validates; broken ones are caught with their path. */
class ExamplesValidateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final MessageValidator validator = new MessageValidator();

    @Test
    void everyExampleValidates() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            examples = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(examples.size() >= 7, "examples found: " + examples);
        for (Path example : examples) {
            JsonNode message = JSON.readTree(example.toFile());
            List<Violation> violations = example.getFileName().toString().startsWith("request-")
                    ? validator.validateRequest(message)
                    : validator.validateEvent(message);
            assertEquals(List.of(), violations, example.toString());
        }
    }

    @Test
    void requestExamplesBindToTheJavaTypes() throws IOException {
        ExperimentRequest r = JSON.readValue(Path.of("examples/request-probe-workflow.json").toFile(),
                ExperimentRequest.class);
        assertEquals("demo-probe-workflow-1", r.experimentId());
        assertEquals(42L, r.seed());
        assertEquals("probe", r.steps().get(1).input().fromStep());
        assertEquals(10, r.facts().sample().size());
    }

    @Test
    void violationsNameTheField() throws IOException {
        ObjectNode r = (ObjectNode) JSON.readTree(Path.of("examples/request-fill-mask.json").toFile());
        ((ObjectNode) r.path("steps").get(0)).remove("type");
        r.put("experimentId", "has spaces");
        r.put("unexpected", 1);
        List<Violation> v = validator.validateRequest(r);
        assertTrue(v.stream().anyMatch(x -> x.field().equals("$.steps[0]") && x.message().contains("type")), v.toString());
        assertTrue(v.stream().anyMatch(x -> x.field().equals("$.experimentId")), v.toString());
        assertTrue(v.stream().anyMatch(x -> x.message().contains("unexpected")), v.toString());
    }

    @Test
    void eventDataIsCheckedAgainstItsType() throws IOException {
        ObjectNode e = (ObjectNode) JSON.readTree(Path.of("examples/event-progress.json").toFile());
        ((ObjectNode) e.path("data")).remove("total");
        List<Violation> v = validator.validateEvent(e);
        assertFalse(v.isEmpty());
        assertTrue(v.get(0).field().startsWith("$.data"), v.toString());
    }

    @Test
    void cloudEventsMadeByTheFactoryValidate() {
        ObjectNode data = JSON.createObjectNode().put("experimentId", "x").put("model", "m");
        data.putArray("steps").add("a");
        JsonNode event = JSON.valueToTree(CloudEvent.of(EventType.ACCEPTED, "x", data));
        assertEquals(List.of(), validator.validateEvent(event));
    }
}
