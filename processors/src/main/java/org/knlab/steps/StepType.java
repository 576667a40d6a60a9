package org.knlab.steps;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
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
import org.knlab.sae.TrainSaeSettings;

/**
 * The step types, in one place: the name requests use ({@code steps[].type}, also the {@code kn}
 * command's name), the settings record its {@code params} are read into (the one contract the step and
 * the command share), and the records whose options the command also takes because it finds its
 * neurons first. Every consumer — the CLI's defaults, the worker's handlers (checked at start), the
 * report, the relation tables, the alert rules (exhaustive switches) — keys on this enum, so a new
 * step type is one constant here plus its pieces, and a missing piece fails the build or the start.
 */
public enum StepType {
    FILL_MASK("fill-mask", FillMaskSettings.class),
    PROBE("probe", ProbeSettings.class),
    ATTRIBUTE("attribute", AttributeSettings.class),
    KNOWLEDGE_NEURONS("knowledge-neurons", KnowledgeNeuronsSettings.class),
    INTERVENTIONS("interventions", InterventionSettings.class, KnowledgeNeuronsSettings.class),
    REPLICATE_KN_FIGURES("replicate-kn-figures", ReplicationSettings.class),
    EDIT_FACT("edit-fact", EditFactSettings.class, KnowledgeNeuronsSettings.class),
    ERASE_RELATION("erase-relation", EraseRelationSettings.class, KnowledgeNeuronsSettings.class),
    COMPARE_METHODS("compare-methods", CompareMethodsSettings.class),
    ACTIVATION_EVIDENCE("activation-evidence", ActivationEvidenceSettings.class, KnowledgeNeuronsSettings.class),
    FACTORS("factors", FactorsSettings.class, KnowledgeNeuronsSettings.class),
    TRAIN_SAE("train-sae", TrainSaeSettings.class);

    private final String id;
    private final Class<? extends Record> settings;
    private final List<Class<? extends Record>> commandAlsoTakes;

    @SafeVarargs
    StepType(String id, Class<? extends Record> settings, Class<? extends Record>... commandAlsoTakes) {
        this.id = id;
        this.settings = settings;
        this.commandAlsoTakes = List.of(commandAlsoTakes);
    }

    /** The name in requests, results and the store, and the {@code kn} command's name. */
    public String id() {
        return id;
    }

    /** The record a step's {@code params} are read into. */
    public Class<? extends Record> settings() {
        return settings;
    }

    /** The settings record, then those whose options the {@code kn} command also takes. */
    public List<Class<? extends Record>> commandSettings() {
        return Stream.concat(Stream.of(settings), commandAlsoTakes.stream()).toList();
    }

    /** The params schema's path under {@code schemas/json}. */
    public String paramsSchema() {
        return "steps/" + id + ".params.schema.json";
    }

    /** The output schema's path under {@code schemas/json}. */
    public String outputSchema() {
        return "steps/" + id + ".output.schema.json";
    }

    public static Optional<StepType> find(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(StepType::id).toList();
    }
}
