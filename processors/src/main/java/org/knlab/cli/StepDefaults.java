package org.knlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.knlab.attribution.AttributeSettings;
import org.knlab.attribution.KnowledgeNeuronsSettings;
import org.knlab.comparison.CompareMethodsSettings;
import org.knlab.editing.EditFactSettings;
import org.knlab.editing.EraseRelationSettings;
import org.knlab.evidence.ActivationEvidenceSettings;
import org.knlab.experiments.ProbeSettings;
import org.knlab.factors.FactorsSettings;
import org.knlab.fillmask.FillMaskSettings;
import org.knlab.intervention.InterventionSettings;
import org.knlab.intervention.ReplicationSettings;
import org.knlab.settings.StepParams;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The commands' defaults, read from the step settings records ({@code --perplexity-sentences} is the
 * parameter {@code perplexitySentences}), so that {@code kn <command> --help} and a Kafka step with
 * the same parameters agree. Options with no step parameter behind them keep their own.
 */
public final class StepDefaults implements IDefaultValueProvider {

    /** Each step type's settings record; its command of the same name reads its defaults from it. */
    private static final Map<String, Class<? extends Record>> SETTINGS = Map.ofEntries(
            Map.entry("fill-mask", FillMaskSettings.class),
            Map.entry("probe", ProbeSettings.class),
            Map.entry("attribute", AttributeSettings.class),
            Map.entry("knowledge-neurons", KnowledgeNeuronsSettings.class),
            Map.entry("interventions", InterventionSettings.class),
            Map.entry("replicate-kn-figures", ReplicationSettings.class),
            Map.entry("edit-fact", EditFactSettings.class),
            Map.entry("erase-relation", EraseRelationSettings.class),
            Map.entry("compare-methods", CompareMethodsSettings.class),
            Map.entry("activation-evidence", ActivationEvidenceSettings.class),
            Map.entry("factors", FactorsSettings.class));

    /** Records a command also takes options of (kn interventions finds its neurons first). */
    private static final Map<String, List<Class<? extends Record>>> ALSO = Map.of(
            "interventions", List.of(KnowledgeNeuronsSettings.class),
            "edit-fact", List.of(KnowledgeNeuronsSettings.class),
            "erase-relation", List.of(KnowledgeNeuronsSettings.class),
            "activation-evidence", List.of(KnowledgeNeuronsSettings.class),
            "factors", List.of(KnowledgeNeuronsSettings.class));

    public static Class<? extends Record> settingsOf(String stepType) {
        return SETTINGS.get(stepType);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || arg.command() == null) {
            return null;
        }
        String name = parameterName(option.longestName());
        String command = arg.command().name();
        List<Class<? extends Record>> types = new ArrayList<>();
        if (SETTINGS.containsKey(command)) {
            types.add(SETTINGS.get(command));
        }
        types.addAll(ALSO.getOrDefault(command, List.of()));
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
