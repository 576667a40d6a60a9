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
 * factors: on the own prompts at each fact's neuron count (and the knowledge factors at theirs), the
 * change of P(gold) when the neurons, the top NMF and PCA factors or SAE features and random directions
 * and units are removed — same size and equal norm — with 95% CIs; the units-needed curve, the units
 * needed and their purity; then every row of the table.
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
                    .put("top-1 flips in", r.path("flipsIn").asDouble(Double.NaN))
                    .put("touched", r.path("touched").asDouble(Double.NaN));
        }
        return Svg.bars("Own prompts, each fact's neuron count: change of P(gold) when removed (%, 95% CI)", "%", bars)
                + curve(output.path("table"))
                + "<h4>Units needed to remove P(gold)</h4>" + Html.table("factors-needed", output.path("unitsNeeded"))
                + "<h4>Purity of each fact's top unit</h4>" + Html.table("factors-purity", output.path("purity"))
                + "<h4>Every comparison</h4>" + Html.table("factors", rows);
    }

    /** Mean change of P(gold) on the own prompts against the number of top units removed, per unit type. */
    private static String curve(JsonNode table) {
        Map<String, List<Svg.Point>> byUnit = new TreeMap<>();
        for (JsonNode r : table) {
            if (r.path("scale").asText().equals("curve")) {
                byUnit.computeIfAbsent(r.path("unit").asText(), u -> new ArrayList<>())
                        .add(new Svg.Point(
                                r.path("size").asDouble(),
                                ReportSection.percent(r.path("meanChange")),
                                ReportSection.percent(r.path("ciLow")),
                                ReportSection.percent(r.path("ciHigh"))));
            }
        }
        if (byUnit.isEmpty()) {
            return "";
        }
        List<Svg.Series> series = new ArrayList<>();
        byUnit.forEach((unit, points) -> series.add(new Svg.Series(unit, points)));
        return Svg.lines("Own prompts: change of P(gold) (%) with the top n units removed", "units removed", series);
    }
}
