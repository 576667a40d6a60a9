package org.knlab.routes.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knlab.routes.Json;
import org.knlab.steps.StepType;

/**
 * train-sae: per layer, how much of the activations the dictionary explains and how much of the
 * model's P(gold) survives the reconstruction (%, on the held-out facts' prompts); then the layers'
 * table and what the set was trained on.
 */
@ApplicationScoped
public class TrainSaeSection implements ReportSection {

    @Override
    public StepType stepType() {
        return StepType.TRAIN_SAE;
    }

    @Override
    public String render(JsonNode output) {
        List<Svg.Bar> bars = new ArrayList<>();
        ArrayNode rows = Json.MAPPER.createArrayNode();
        for (JsonNode q : output.path("layers")) {
            String layer = "layer " + q.path("layer").asInt();
            bars.add(bar(layer + " · explained variance", q.path("explainedVariance")));
            bars.add(bar(layer + " · P(gold) kept", q.path("pGoldKept")));
            rows.addObject()
                    .put("layer", q.path("layer").asInt())
                    .put("width", q.path("width").asInt())
                    .put("k", q.path("k").asInt())
                    .put("steps", q.path("steps").asInt())
                    .put("explained variance", q.path("explainedVariance").asDouble(Double.NaN))
                    .put("L0", q.path("l0").asDouble(Double.NaN))
                    .put("dead %", ReportSection.percent(q.path("deadShare")))
                    .put("P(gold)", q.path("pGold").asDouble(Double.NaN))
                    .put("with reconstruction", q.path("pGoldReconstructed").asDouble(Double.NaN))
                    .put("top-1", q.path("accuracy").asDouble(Double.NaN))
                    .put(
                            "top-1 with reconstruction",
                            q.path("accuracyReconstructed").asDouble(Double.NaN))
                    .put("rows/s", q.path("rowsPerSecond").asDouble(Double.NaN));
        }
        return Svg.bars("Held-out prompts: variance explained, and P(gold) kept with the reconstruction (%)", "%", bars)
                + String.format(
                        Locale.ROOT,
                        "<p>Dictionary <code>%s</code>: %d training prompts of %d facts; %d facts (%d prompts) held"
                                + " out for these numbers; %d facts of the given neuron sets kept out of both;"
                                + " %.1f min.</p>",
                        Html.escape(output.path("dictionary").asText()),
                        output.path("dataset").path("rows").asInt(),
                        output.path("trainingFacts").asInt(),
                        output.path("evaluationFacts").asInt(),
                        output.path("evaluationPrompts").asInt(),
                        output.path("excludedFacts").asInt(),
                        output.path("minutes").asDouble())
                + Html.table("train-sae", rows);
    }

    private static Svg.Bar bar(String label, JsonNode share) {
        return new Svg.Bar(label, ReportSection.percent(share), Double.NaN, Double.NaN, Double.NaN);
    }
}
