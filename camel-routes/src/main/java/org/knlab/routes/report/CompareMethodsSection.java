package org.knlab.routes.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knlab.comparison.MethodComparison;
import org.knlab.routes.Json;
import org.knlab.steps.StepType;

/**
 * compare-methods: per selection method at each fact's own budget ("kn"), the held-out effect with its
 * bootstrap CI, specificity (same- and other-relation change), overlap with IG and seconds per fact;
 * then the held-out effect against k, one line per method.
 */
@ApplicationScoped
public class CompareMethodsSection implements ReportSection {

    @Override
    public StepType stepType() {
        return StepType.COMPARE_METHODS;
    }

    @Override
    public String render(JsonNode output) {
        ArrayNode table = Json.MAPPER.createArrayNode();
        Map<String, List<Svg.Point>> curves = new LinkedHashMap<>();
        List<Svg.Bar> atOwnSize = new ArrayList<>();
        for (JsonNode r : output.path("methods")) {
            double effect = ReportSection.percent(r.path("heldOut").path("ratioOfMeans"));
            double low = ReportSection.percent(r.path("ratioOfMeansCi").path("low"));
            double high = ReportSection.percent(r.path("ratioOfMeansCi").path("high"));
            String size = r.path("size").asText();
            if (size.equals(MethodComparison.OWN_SIZE)) {
                atOwnSize.add(new Svg.Bar(r.path("method").asText(), effect, low, high, Double.NaN));
                table.addObject()
                        .put("method", r.path("method").asText())
                        .put("mean k", r.path("meanK").asDouble())
                        .put(
                                "held-out change [95% CI]",
                                String.format(Locale.ROOT, "%+.1f%% [%+.1f, %+.1f]", effect, low, high))
                        .put(
                                "top-1 flips out",
                                r.path("heldOut").path("flipsOut").asDouble(Double.NaN))
                        .put("top-1 flips in", r.path("heldOut").path("flipsIn").asDouble(Double.NaN))
                        .put("same-relation", percent(r.path("sameRelation")))
                        .put("other-relation", percent(r.path("otherRelation")))
                        .put("Jaccard with IG", r.path("jaccardWithIg").asDouble())
                        .put("s/fact", r.path("secondsPerFact").asDouble());
            } else {
                curves.computeIfAbsent(r.path("method").asText(), m -> new ArrayList<>())
                        .add(new Svg.Point(Double.parseDouble(size), effect, low, high));
            }
        }
        // the main figure first: each method's held-out change as k grows (or, without a k sweep, at each
        // fact's knowledge-neuron count), then the table
        StringBuilder s = new StringBuilder();
        if (!curves.isEmpty()) {
            List<Svg.Series> series = new ArrayList<>();
            curves.forEach((method, points) -> series.add(new Svg.Series(method, points)));
            s.append(Svg.lines(
                    "Held-out change of gold probability vs k (ratio of means, %, 95% CI)",
                    "k (neurons suppressed)", series));
        } else {
            s.append(Svg.bars(
                    "Held-out change of gold probability at each fact's knowledge-neuron count (95% CI)",
                    "%", atOwnSize));
        }
        s.append("<h4>Held-out suppression at each fact's knowledge-neuron count</h4>")
                .append(Html.table("methods", table));
        return s.toString();
    }

    /** A ratio as a signed percentage; a dash where the facts had no such prompts. */
    private static String percent(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%+.1f%%", 100 * v.asDouble()) : "–";
    }
}
