package org.knlab.routes.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.knlab.routes.Json;
import org.knlab.steps.StepType;

/** fill-mask: a list, so a table — each prompt's predictions at each mask, and the gold's probability and rank. */
@ApplicationScoped
public class FillMaskSection implements ReportSection {

    @Override
    public StepType stepType() {
        return StepType.FILL_MASK;
    }

    @Override
    public String render(JsonNode output) {
        ArrayNode rows = Json.MAPPER.createArrayNode();
        for (JsonNode r : output.path("results")) {
            for (JsonNode mask : r.path("masks")) {
                StringBuilder top = new StringBuilder();
                for (JsonNode p : mask.path("predictions")) {
                    top.append(top.isEmpty() ? "" : ", ")
                            .append(p.path("token").asText())
                            .append(" (")
                            .append(Svg.num(p.path("probability").asDouble()))
                            .append(')');
                }
                JsonNode gold = mask.path("gold");
                rows.addObject()
                        .put("prompt", r.path("text").asText())
                        .put("mask at", mask.path("position").asInt())
                        .put("predictions (probability)", top.toString())
                        .put("gold", gold.path("token").asText(""))
                        .put("P(gold)", gold.path("probability").asDouble(Double.NaN))
                        .put("gold rank", gold.path("rank").asInt(0));
            }
        }
        return Html.table("predictions", rows);
    }
}
