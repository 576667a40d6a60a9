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
            examples =
                    files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(examples.size() >= 16, "examples found: " + examples);
        for (Path example : examples) {
            JsonNode message = JSON.readTree(example.toFile());
            String name = example.getFileName().toString();
            List<Violation> violations = name.startsWith("request-")
                    ? validator.validateRequest(message)
                    : name.startsWith("output-")
                            ? validator.validate(outputSchema(stepTypeOf(example)), message)
                            : validator.validateEvent(message);
            assertEquals(List.of(), violations, example.toString());
        }
    }

    /** Each output example, as a step.result event of its type: valid, and an unknown property is caught. */
    @Test
    void stepResultOutputsAreCheckedAgainstTheirStepType() throws IOException {
        List<Path> outputs = outputExamples();
        assertEquals(7, outputs.size(), outputs.toString());
        for (Path example : outputs) {
            ObjectNode event = stepResult(stepTypeOf(example), JSON.readTree(example.toFile()));
            assertEquals(List.of(), validator.validateEvent(event), example.toString());
            ((ObjectNode) event.path("data").path("output")).put("unexpected", 1);
            List<Violation> v = validator.validateEvent(event);
            assertTrue(
                    v.stream()
                            .anyMatch(x -> x.field().equals("$.data.output")
                                    && x.message().contains("unexpected")),
                    example + ": " + v);
        }
    }

    @Test
    void aWrongTypeInAnOutputIsCaughtWithItsPath() throws IOException {
        ObjectNode event = stepResult(
                "interventions",
                JSON.readTree(Path.of("examples/output-interventions.json").toFile()));
        JsonNode row =
                event.path("data").path("output").path("all").path("rows").get(0);
        ((ObjectNode) row.path("neurons")).put("facts", "two");
        ((ObjectNode) row.path("ratioOfMeansVsControls")).put("z", "n/a");
        List<String> fields = validator.validateEvent(event).stream()
                .map(Violation::field)
                .distinct()
                .toList();
        assertEquals(
                List.of(
                        "$.data.output.all.rows[0].neurons.facts",
                        "$.data.output.all.rows[0].ratioOfMeansVsControls.z"),
                fields);
    }

    @Test
    void anUnknownStepTypeKeepsAnyObjectAsOutput() throws IOException {
        ObjectNode event =
                stepResult("a-type-of-the-future", JSON.createObjectNode().put("anything", 1));
        assertEquals(List.of(), validator.validateEvent(event));
    }

    private static List<Path> outputExamples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("output-"))
                    .sorted()
                    .toList();
        }
    }

    /** output-&lt;type&gt;.json → &lt;type&gt; */
    private static String stepTypeOf(Path outputExample) {
        return outputExample
                .getFileName()
                .toString()
                .replaceFirst("^output-", "")
                .replaceFirst("\\.json$", "");
    }

    private static String outputSchema(String stepType) {
        return "steps/" + stepType + ".output.schema.json";
    }

    /** The step.result example with another step type and output. */
    private static ObjectNode stepResult(String stepType, JsonNode output) throws IOException {
        ObjectNode event = (ObjectNode)
                JSON.readTree(Path.of("examples/event-step-result.json").toFile());
        ObjectNode data = (ObjectNode) event.path("data");
        data.put("stepType", stepType);
        data.set("output", output);
        return event;
    }

    @Test
    void requestExamplesBindToTheJavaTypes() throws IOException {
        ExperimentRequest r =
                JSON.readValue(Path.of("examples/request-probe-workflow.json").toFile(), ExperimentRequest.class);
        assertEquals("demo-probe-workflow-1", r.experimentId());
        assertEquals(42L, r.seed());
        assertEquals("probe", r.steps().get(1).input().fromStep());
        assertEquals(10, r.facts().sample().size());
    }

    @Test
    void violationsNameTheField() throws IOException {
        ObjectNode r = (ObjectNode)
                JSON.readTree(Path.of("examples/request-fill-mask.json").toFile());
        ((ObjectNode) r.path("steps").get(0)).remove("type");
        r.put("experimentId", "has spaces");
        r.put("unexpected", 1);
        List<Violation> v = validator.validateRequest(r);
        assertTrue(
                v.stream()
                        .anyMatch(x ->
                                x.field().equals("$.steps[0]") && x.message().contains("type")),
                v.toString());
        assertTrue(v.stream().anyMatch(x -> x.field().equals("$.experimentId")), v.toString());
        assertTrue(v.stream().anyMatch(x -> x.message().contains("unexpected")), v.toString());
    }

    @Test
    void eventDataIsCheckedAgainstItsType() throws IOException {
        ObjectNode e = (ObjectNode)
                JSON.readTree(Path.of("examples/event-progress.json").toFile());
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
