package org.knlab.routes.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.knlab.routes.Json;

/** The per-relation table of a step's output, one flat row per relation (and evaluation, intervention). */
public final class RelationTables {

    private RelationTables() {}

    /** Empty when the step type has no per-relation table. */
    public static Optional<ArrayNode> of(String stepType, JsonNode output) {
        ArrayNode rows = Json.MAPPER.createArrayNode();
        switch (stepType == null ? "" : stepType) {
            case "interventions" ->
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
            case "replicate-kn-figures" -> output.path("figures").forEach(f -> rows.add(Csv.flatten(f)));
            case "probe" -> output.path("relations").forEach(rows::add);
            case "edit-fact" ->
                output.path("tables").forEach(t -> {
                    ObjectNode row = rows.addObject()
                            .put("relation", t.path("group").asText())
                            .put("direction", t.path("direction").asText())
                            .put("edits", t.path("edits").asInt());
                    t.path("metrics")
                            .fields()
                            .forEachRemaining(
                                    m -> row.set(m.getKey(), m.getValue().path("mean")));
                });
            case "erase-relation" ->
                output.path("relations").forEach(r -> r.path("rows").forEach(rows::add));
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(rows);
    }
}
