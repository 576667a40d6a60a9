package org.knlab.routes.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.knlab.routes.Json;
import org.knlab.steps.StepType;

/** The per-relation table of a step's output, one flat row per relation (and evaluation, intervention). */
public final class RelationTables {

    private RelationTables() {}

    /** The table of a stored step's output; empty for a type this version does not know. */
    public static Optional<ArrayNode> of(String stepType, JsonNode output) {
        return StepType.find(stepType).flatMap(t -> of(t, output));
    }

    /** Empty when the step type has no per-relation table; every type is named, so a new one fails the build. */
    public static Optional<ArrayNode> of(StepType stepType, JsonNode output) {
        return switch (stepType) {
            case INTERVENTIONS -> Optional.of(interventions(output));
            case REPLICATE_KN_FIGURES -> Optional.of(rows(output.path("figures"), true));
            case PROBE -> Optional.of(rows(output.path("relations"), false));
            case EDIT_FACT -> Optional.of(edits(output));
            case ERASE_RELATION -> {
                ArrayNode rows = Json.MAPPER.createArrayNode();
                output.path("relations").forEach(r -> r.path("rows").forEach(rows::add));
                yield Optional.of(rows);
            }
            case FILL_MASK, ATTRIBUTE, KNOWLEDGE_NEURONS, COMPARE_METHODS, ACTIVATION_EVIDENCE, FACTORS, TRAIN_SAE ->
                Optional.empty();
        };
    }

    private static ArrayNode interventions(JsonNode output) {
        ArrayNode rows = Json.MAPPER.createArrayNode();
        output.path("byRelation")
                .fields()
                .forEachRemaining(rel -> rel.getValue()
                        .fields()
                        .forEachRemaining(ev -> ev.getValue().fields().forEachRemaining(kind -> {
                            ObjectNode row = rows.addObject()
                                    .put("relation", rel.getKey())
                                    .put("evaluation", ev.getKey())
                                    .put("intervention", kind.getKey());
                            row.setAll(Csv.flatten(kind.getValue()));
                        })));
        return rows;
    }

    private static ArrayNode rows(JsonNode array, boolean flatten) {
        ArrayNode rows = Json.MAPPER.createArrayNode();
        array.forEach(r -> rows.add(flatten ? Csv.flatten(r) : r));
        return rows;
    }

    private static ArrayNode edits(JsonNode output) {
        ArrayNode rows = Json.MAPPER.createArrayNode();
        output.path("tables").forEach(t -> {
            ObjectNode row = rows.addObject()
                    .put("relation", t.path("group").asText())
                    .put("direction", t.path("direction").asText())
                    .put("edits", t.path("edits").asInt());
            t.path("metrics")
                    .fields()
                    .forEachRemaining(m -> row.set(m.getKey(), m.getValue().path("mean")));
        });
        return rows;
    }
}
