package org.knlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.knlab.errors.InvalidParameterException;
import org.knlab.schemas.StepReference;
import org.knlab.settings.StepParams;
import org.knlab.steps.StepType;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code kn} options that are step parameters, derived from the step's contract rather than
 * restated: an option named like a parameter of its command's settings records ({@code --hub-threshold}
 * is {@code hubThreshold}) takes its description and bounds from the parameter's JSON Schema (here) and
 * its default from the record ({@link StepDefaults}), and the command builds its settings by reading
 * the option values as the step's {@code params} ({@link #read}) — the same reader, defaults and checks
 * as a Kafka step, no positional constructor.
 */
public final class SettingsOptions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CommandSpec spec;
    /** Parameters the options give as files: their JSON (null = not given). */
    private final Map<String, JsonNode> inline = new HashMap<>();

    private final Set<String> excluded = new HashSet<>();

    private SettingsOptions(CommandSpec spec) {
        this.spec = spec;
    }

    /** The parsed options of the command {@code spec} describes. */
    public static SettingsOptions of(CommandSpec spec) {
        return new SettingsOptions(spec);
    }

    /**
     * Leaves {@code parameters} at the record's defaults whatever options of that name say: for a record
     * a command reads besides its own, where an option of its own record shares the name (the
     * attribution's {@code maxRows} when {@code kn interventions --max-rows} sizes the interventions).
     */
    public SettingsOptions without(String... parameters) {
        excluded.addAll(List.of(parameters));
        return this;
    }

    /** {@code parameter}'s value is {@code json} (read from the file an option names; null = not given). */
    public SettingsOptions with(String parameter, JsonNode json) {
        inline.put(parameter, json);
        return this;
    }

    /** Gives every step-parameter option of every command its description from the schema. */
    static void describe(CommandLine root) {
        StepReference reference = StepReference.fromClasspath();
        root.getSubcommands().values().forEach(sub -> {
            CommandSpec spec = sub.getCommandSpec();
            Optional<StepType> type = StepType.find(spec.name());
            if (type.isEmpty()) {
                return;
            }
            Map<String, StepReference.Param> params =
                    reference.parameters(type.get().id());
            Set<String> settingsFields = type.get().commandSettings().stream()
                    .flatMap(t -> StepParams.names(t).stream())
                    .collect(Collectors.toSet());
            for (OptionSpec option : List.copyOf(spec.options())) {
                String name = StepDefaults.parameterName(option.longestName());
                StepReference.Param p = params.get(name);
                // a parameter given as a file (neuron sets) keeps its option's own words: the schema's are about JSON
                if (p != null
                        && settingsFields.contains(name)
                        && !isSample(option)
                        && !option.paramLabel().startsWith("FILE")) {
                    spec.remove(option);
                    spec.addOption(OptionSpec.builder(option)
                            .description(description(p))
                            .build());
                }
            }
        });
    }

    /**
     * The schema's description, its bounds, and the record's default (an empty list is no value to
     * picocli: the schema's description says what it stands for).
     */
    static String description(StepReference.Param p) {
        String text = p.description().isEmpty() ? p.type() : p.description();
        String bounds = p.bounds().equals("—") ? "" : " [" + p.bounds() + "]";
        String shown = "[]".equals(p.defaultValue()) ? "all" : "${DEFAULT-VALUE}";
        // picocli formats descriptions: a literal % is %%
        return (text.replaceAll("\\.$", "") + bounds).replace("%", "%%") + " (default: " + shown + ").";
    }

    /**
     * The settings the command's options say, read as a step's params: every option named like a
     * component of {@code type} (of its {@code @JsonUnwrapped} parts too) that has a value, plus the
     * JSON given {@link #with}. An invalid value is an error naming the option.
     */
    public <T extends Record> T read(Class<T> type) {
        Set<String> names = StepParams.names(type);
        ObjectNode params = JSON.createObjectNode();
        for (OptionSpec option : spec.options()) {
            String name = StepDefaults.parameterName(option.longestName());
            Object value = option.getValue();
            if (names.contains(name)
                    && value != null
                    && !inline.containsKey(name)
                    && !excluded.contains(name)
                    && !isSample(option)) {
                params.set(name, JSON.valueToTree(value));
            }
        }
        inline.forEach((name, json) -> {
            if (json != null) {
                params.set(name, json);
            }
        });
        try {
            return StepParams.read(params, type);
        } catch (InvalidParameterException e) {
            String root = e.field().replaceAll("[.\\[].*", "");
            Optional<OptionSpec> option = spec.options().stream()
                    .filter(o -> StepDefaults.parameterName(o.longestName()).equals(root))
                    .findFirst();
            if (option.isEmpty() || inline.containsKey(root)) {
                throw e;
            }
            throw new InvalidParameterException(
                    option.get().longestName(), option.get().longestName() + ": " + e.getMessage());
        }
    }

    /** The fact sample ({@link SampleOptions}) is the request's selection, never a settings field. */
    private static boolean isSample(OptionSpec option) {
        return option.userObject() instanceof java.lang.reflect.Field f && f.getDeclaringClass() == SampleOptions.class;
    }
}
