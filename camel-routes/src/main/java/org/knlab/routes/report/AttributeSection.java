package org.knlab.routes.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knlab.routes.Json;
import org.knlab.steps.StepType;

/**
 * attribute: where the top-scoring neurons sit (count per layer over every prompt's top neurons), then
 * each prompt's top neurons with their scores and P(gold).
 */
@ApplicationScoped
public class AttributeSection implements ReportSection {

    @Override
    public StepType stepType() {
        return StepType.ATTRIBUTE;
    }

    @Override
    public String render(JsonNode output) {
        Map<Integer, Integer> byLayer = new TreeMap<>();
        ArrayNode rows = Json.MAPPER.createArrayNode();
        for (JsonNode fact : output.path("facts")) {
            for (JsonNode prompt : fact.path("prompts")) {
                StringBuilder top = new StringBuilder();
                for (JsonNode n : prompt.path("top")) {
                    byLayer.merge(n.get(0).asInt(), 1, Integer::sum);
                    top.append(top.isEmpty() ? "" : ", ")
                            .append("L")
                            .append(n.get(0).asInt())
                            .append('.')
                            .append(n.get(1).asInt())
                            .append(" (")
                            .append(Svg.num(n.get(2).asDouble()))
                            .append(')');
                }
                rows.addObject()
                        .put("fact", fact.path("uuid").asText())
                        .put("gold", fact.path("object").asText())
                        .put("prompt", prompt.path("text").asText())
                        .put("P(gold)", prompt.path("goldProbability").asDouble(Double.NaN))
                        .put("top neurons (score)", top.toString());
            }
        }
        List<Svg.Bar> layers = new ArrayList<>();
        byLayer.forEach(
                (layer, count) -> layers.add(new Svg.Bar("layer " + layer, count, Double.NaN, Double.NaN, Double.NaN)));
        return Svg.bars("Top-scoring neurons by layer (count over every prompt's top neurons)", "", layers)
                + Html.table("prompts", rows);
    }
}
