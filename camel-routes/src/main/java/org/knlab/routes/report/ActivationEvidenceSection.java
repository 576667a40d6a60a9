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
 * activation-evidence: per contrast, how well the knowledge neurons, the activation-selected neurons
 * and matched random neurons separate the own prompts from the contrast's (AUC − 0.5, 95% CI), then
 * the table with the knowledge-vs-control tests, then the mean activation by prompt kind.
 */
@ApplicationScoped
public class ActivationEvidenceSection implements ReportSection {

    @Override
    public StepType stepType() {
        return StepType.ACTIVATION_EVIDENCE;
    }

    @Override
    public String render(JsonNode output) {
        List<Svg.Bar> bars = new ArrayList<>();
        ArrayNode tests = Json.MAPPER.createArrayNode();
        for (JsonNode r : output.path("contrasts")) {
            String label = r.path("contrast").asText() + " · " + r.path("set").asText();
            double auc = r.path("meanAuc").asDouble(Double.NaN);
            bars.add(new Svg.Bar(
                    label,
                    auc - 0.5,
                    r.path("ciLow").asDouble(Double.NaN) - 0.5,
                    r.path("ciHigh").asDouble(Double.NaN) - 0.5,
                    Double.NaN));
            tests.addObject()
                    .put("contrast", r.path("contrast").asText())
                    .put("set", r.path("set").asText())
                    .put("facts", r.path("facts").asInt())
                    .put(
                            "AUC [95% CI]",
                            String.format(
                                    Locale.ROOT,
                                    "%.3f [%.3f, %.3f]",
                                    auc,
                                    r.path("ciLow").asDouble(Double.NaN),
                                    r.path("ciHigh").asDouble(Double.NaN)))
                    .put("difference", r.path("difference").asDouble(Double.NaN))
                    .put("d_z", r.path("effectSize").asDouble(Double.NaN))
                    .put("permutation p", r.path("permutationP").asDouble(Double.NaN));
        }
        ArrayNode kinds = Json.MAPPER.createArrayNode();
        output.path("kinds")
                .forEach(r -> kinds.addObject()
                        .put("set", r.path("set").asText())
                        .put("prompt kind", r.path("kind").asText())
                        .put("mean activation", r.path("meanActivation").asDouble())
                        .put("relative to own", r.path("relativeToOwn").asDouble(Double.NaN)));
        return Svg.bars("Separation of the own prompts (AUC − 0.5, 95% CI) per contrast and neuron set", "", bars)
                + "<h4>Knowledge neurons against the controls (difference: AUC − 0.5, or knowledge − control)</h4>"
                + Html.table("contrasts", tests)
                + "<h4>Mean activation at [MASK] by prompt kind</h4>" + Html.table("kinds", kinds);
    }
}
