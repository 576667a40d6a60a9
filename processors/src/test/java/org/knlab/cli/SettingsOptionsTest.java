package org.knlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.knlab.errors.InvalidParameterException;
import org.knlab.intervention.InterventionSettings;
import org.knlab.schemas.StepReference;
import org.knlab.settings.StepParams;
import org.knlab.steps.StepType;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The kn options that are step parameters are derived from the contract: their help is the schema's
 * description with its bounds, the command builds its settings by reading the options as the step's
 * params (the same record a Kafka step reads from the same JSON), and no command calls a settings
 * record's constructor by position.
 */
class SettingsOptionsTest {

    @Test
    void everyParameterOptionsHelpIsTheSchemas() {
        StepReference reference = StepReference.fromClasspath();
        CommandLine kn = KnCli.commandLine();
        int checked = 0;
        for (Map.Entry<String, CommandLine> e : kn.getSubcommands().entrySet()) {
            StepType type = StepType.find(e.getKey()).orElse(null);
            if (type == null) {
                continue;
            }
            Map<String, StepReference.Param> params = reference.parameters(type.id());
            for (OptionSpec option : e.getValue().getCommandSpec().options()) {
                StepReference.Param p = params.get(StepDefaults.parameterName(option.longestName()));
                boolean sample = option.userObject() instanceof java.lang.reflect.Field f
                        && f.getDeclaringClass() == SampleOptions.class;
                if (p == null || sample || option.paramLabel().startsWith("FILE")) {
                    continue;
                }
                String expected = SettingsOptions.description(p)
                        .replace("${DEFAULT-VALUE}", String.valueOf(new StepDefaults().defaultValue(option)))
                        .replace("%%", "%");
                assertEquals(List.of(expected), List.of(option.description()), e.getKey() + " " + option.longestName());
                checked++;
            }
        }
        assertTrue(checked > 60, "options checked: " + checked);
    }

    @Test
    void theOptionsReadAsTheStepsParams() {
        CommandLine kn = KnCli.commandLine();
        CommandLine interventions = kn.getSubcommands().get("interventions");
        kn.parseArgs(
                "interventions",
                "--interventions",
                "suppress,mean",
                "--controls",
                "7",
                "--hub-threshold",
                "0.2",
                "--no-hub-free",
                "--frequency-bands",
                "0.05,0.1",
                "--evaluate",
                "own");
        ObjectMapper json = new ObjectMapper();
        ObjectNode params = json.createObjectNode();
        params.putArray("interventions").add("suppress").add("mean");
        params.put("controls", 7).put("hubThreshold", 0.2).put("hubFree", false);
        params.putArray("frequencyBands").add(0.05).add(0.1);
        params.putArray("evaluate").add("own");
        InterventionSettings fromJson = StepParams.read(params, InterventionSettings.class);
        InterventionSettings fromOptions =
                SettingsOptions.of(interventions.getCommandSpec()).read(InterventionSettings.class);
        assertEquals(StepParams.toJson(fromJson), StepParams.toJson(fromOptions));
    }

    @Test
    void anInvalidValueNamesTheOption() {
        CommandLine kn = KnCli.commandLine();
        CommandLine interventions = kn.getSubcommands().get("interventions");
        kn.parseArgs("interventions", "--hub-threshold", "1.5");
        InvalidParameterException e = assertThrows(
                InvalidParameterException.class,
                () -> SettingsOptions.of(interventions.getCommandSpec()).read(InterventionSettings.class));
        assertEquals("--hub-threshold", e.field());
        assertTrue(e.getMessage().contains("(0, 1]"), e.getMessage());
    }

    @Test
    void noCommandBuildsSettingsByPosition() throws IOException {
        try (Stream<Path> sources = Files.list(Path.of("src/main/java/org/knlab/cli"))) {
            sources.forEach(file -> {
                try {
                    String text = Files.readString(file);
                    assertFalse(
                            text.matches("(?s).*new [A-Z][A-Za-z]*Settings\\(.*"),
                            file + " calls a settings constructor; read the options with SettingsOptions");
                } catch (IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            });
        }
    }
}
