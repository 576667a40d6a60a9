package org.knlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.knlab.settings.StepParams;
import org.knlab.steps.StepType;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The commands' defaults, read from the step settings records ({@code --perplexity-sentences} is the
 * parameter {@code perplexitySentences}), so that {@code kn <command> --help} and a Kafka step with
 * the same parameters agree. Options with no step parameter behind them keep their own.
 */
public final class StepDefaults implements IDefaultValueProvider {

    /** The studies' five relations of the critique's activation and factor checks. */
    private static final String FIVE_RELATIONS = "P36,P1376,P37,P27,P1412";

    /** Defaults of the fact sample ({@link SampleOptions}), which is no settings field: per command. */
    private static final Map<String, Map<String, String>> SAMPLES = Map.of(
            "interventions", Map.of("relations", "all", "factsPerRelation", "30"),
            "compare-methods", Map.of("relations", "all", "factsPerRelation", "30"),
            "factors", Map.of("relations", FIVE_RELATIONS, "factsPerRelation", "5"),
            "activation-evidence", Map.of("relations", FIVE_RELATIONS, "factsPerRelation", "10"));

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || arg.command() == null) {
            return null;
        }
        String name = parameterName(option.longestName());
        List<Class<? extends Record>> types = StepType.find(arg.command().name())
                .map(StepType::commandSettings)
                .orElse(List.of());
        String sample = SAMPLES.getOrDefault(arg.command().name(), Map.of()).get(name);
        if (sample != null
                && option.userObject() instanceof java.lang.reflect.Field f
                && f.getDeclaringClass() == SampleOptions.class) {
            return sample;
        }
        for (Class<? extends Record> type : types) {
            ObjectNode defaults = StepParams.toJson(StepParams.defaults(type));
            if (defaults.has(name)) {
                return text(defaults.get(name));
            }
        }
        return null;
    }

    /** {@code --perplexity-sentences} → {@code perplexitySentences}. */
    public static String parameterName(String option) {
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char c : option.replaceFirst("^--", "").toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return b.toString();
    }

    private static String text(JsonNode v) {
        if (v == null || v.isNull() || v.isArray() && v.isEmpty()) {
            return null; // an empty list ("all relations") is no value: picocli would pass [""]
        }
        if (v.isArray()) {
            return StreamSupport.stream(v.spliterator(), false)
                    .map(JsonNode::asText)
                    .collect(Collectors.joining(","));
        }
        return v.asText();
    }
}
