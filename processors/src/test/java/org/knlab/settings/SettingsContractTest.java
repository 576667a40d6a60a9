package org.knlab.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.knlab.cli.KnCli;
import org.knlab.cli.StepDefaults;
import org.knlab.steps.StepType;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One contract per step type: the params schema in {@code schemas/json/steps/} names exactly the
 * settings record's parameters with its defaults, and {@code kn <command> --help} shows the same
 * defaults for every option that stands for a parameter.
 */
class SettingsContractTest {

    private static final Path STEPS = Path.of("..", "schemas", "json", "steps");
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<String> stepTypes() {
        return StepType.ids();
    }

    /** The step types with a kn command (probe has none). */
    static List<String> commands() {
        return StepType.ids().stream()
                .filter(t -> !t.equals(StepType.PROBE.id()))
                .toList();
    }

    @ParameterizedTest
    @MethodSource("stepTypes")
    void schemaAndRecordAgreeOnNamesAndDefaults(String type) throws IOException {
        ObjectNode schemaProperties = properties(STEPS.resolve(type + ".params.schema.json"));
        Class<? extends Record> settings = StepType.find(type).orElseThrow().settings();
        TreeSet<String> named = new TreeSet<>();
        schemaProperties.fieldNames().forEachRemaining(named::add);
        assertEquals(new TreeSet<>(StepParams.names(settings)), named, type + ": parameters");
        ObjectNode defaults = StepParams.toJson(StepParams.defaults(settings));
        for (String name : StepParams.names(settings)) {
            JsonNode inSchema = schemaProperties.path(name).get("default");
            JsonNode inRecord = defaults.get(name);
            boolean recordHasOne = inRecord != null && !inRecord.isNull();
            assertEquals(recordHasOne, inSchema != null, type + "." + name + ": default in schema vs record");
            if (recordHasOne) {
                assertTrue(
                        inSchema.isNumber() && inRecord.isNumber()
                                ? inSchema.asDouble() == inRecord.asDouble()
                                : inSchema.equals(inRecord),
                        type + "." + name + ": schema " + inSchema + " vs record " + inRecord);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpShowsTheSchemasDefaults(String command) throws IOException {
        CommandLine sub = KnCli.commandLine().getSubcommands().get(command);
        StringWriter help = new StringWriter();
        sub.usage(new PrintWriter(help));
        ObjectNode schemaProperties = properties(STEPS.resolve(command + ".params.schema.json"));
        int checked = 0;
        for (OptionSpec option : sub.getCommandSpec().options()) {
            JsonNode d = schemaProperties
                    .path(StepDefaults.parameterName(option.longestName()))
                    .get("default");
            if (d == null) {
                continue;
            }
            String shown = d.isArray() ? String.join(",", JSON.convertValue(d, String[].class)) : d.asText();
            String given = sub.getCommandSpec().defaultValueProvider() == null
                    ? null
                    : new StepDefaults().defaultValue(option);
            String text = help.toString().replaceAll("\\s+", " ").replace(", ", ",");
            if (shown.isEmpty()) {
                // an empty list is no default value (picocli would pass [""]); the help says what it means
                assertNull(given, command + " " + option.longestName());
                assertTrue(text.contains("(default: all"), command + " " + option.longestName() + "\n" + help);
                checked++;
                continue;
            }
            assertTrue(
                    given != null && (given.equals(shown) || Double.parseDouble(given) == d.asDouble()),
                    command + " " + option.longestName() + ": help default " + given + " vs schema " + d);
            assertTrue(text.contains("default: " + given + ")"), command + " " + option.longestName() + "\n" + help);
            checked++;
        }
        assertTrue(checked > 0, command);
    }

    /** The schema's properties, with those of the schemas it includes by allOf/$ref. */
    private static ObjectNode properties(Path schema) throws IOException {
        JsonNode s = JSON.readTree(schema.toFile());
        ObjectNode out = JSON.createObjectNode();
        for (JsonNode part : s.path("allOf")) {
            out.setAll(properties(schema.resolveSibling(part.path("$ref").asText())));
        }
        out.setAll((ObjectNode) s.path("properties"));
        return out;
    }
}
