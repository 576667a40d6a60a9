package org.knlab.routes.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.knlab.routes.Json;
import org.knlab.steps.StepType;

/**
 * factors: on the own prompts at each fact's neuron count (and the knowledge factors at theirs), the change of P(gold) when the neurons,
 * the top NMF and PCA factors and random directions are removed — same size and equal norm — with
 * 95% CIs; then every row of the table.
 */
@ApplicationScoped
public class FactorsSection implements ReportSection {

    @Override
    public StepType stepType() {
        return StepType.FACTORS;
    }

    @Override
    public String render(JsonNode output) {
        List<Svg.Bar> bars = new ArrayList<>();
        ArrayNode rows = Json.MAPPER.createArrayNode();
        for (JsonNode r : output.path("table")) {
            if (r.path("evaluation").asText().equals("own")
                    && List.of("kn", "refined").contains(r.path("size").asText())) {
                bars.add(new Svg.Bar(
                        r.path("unit").asText() + " · " + r.path("scale").asText(),
                        ReportSection.percent(r.path("meanChange")),
                        ReportSection.percent(r.path("ciLow")),
                        ReportSection.percent(r.path("ciHigh")),
                        Double.NaN));
            }
            rows.addObject()
                    .put("evaluation", r.path("evaluation").asText())
                    .put("scale", r.path("scale").asText())
                    .put("size", r.path("size").asText())
                    .put("unit", r.path("unit").asText())
                    .put("facts", r.path("facts").asInt())
                    .put("change %", ReportSection.percent(r.path("meanChange")))
                    .put("top-1 flips out", r.path("flipsOut").asDouble(Double.NaN))
                    .put("top-1 flips in", r.path("flipsIn").asDouble(Double.NaN));
        }
        return Svg.bars("Own prompts, each fact's neuron count: change of P(gold) when removed (%, 95% CI)", "%", bars)
                + "<h4>Every comparison</h4>" + Html.table("factors", rows);
    }
}
