package org.knlab.routes.report;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knlab.routes.api.RelationTables;
import org.knlab.steps.StepType;

/**
 * interventions: per evaluation set and intervention, the per-relation change of gold probability
 * (the paper's Fig. 3/4) with its bootstrap CI and the matched controls' mean marked; pooled rows with bootstrap CIs; each
 * control distribution (mean ± 2 sd) with the knowledge neurons' effect; the dropout curve.
 */
@ApplicationScoped
public class InterventionsSection implements ReportSection {

    @Override
    public StepType stepType() {
        return StepType.INTERVENTIONS;
    }

    @Override
    public String render(JsonNode output) {
        StringBuilder s =
                new StringBuilder(ReportSection.powerNote(output.path("all").path("rows")));
        Map<String, List<Svg.Bar>> charts = new TreeMap<>();
        output.path("byRelation")
                .fields()
                .forEachRemaining(rel -> rel.getValue()
                        .fields()
                        .forEachRemaining(ev -> ev.getValue()
                                .fields()
                                .forEachRemaining(kind -> charts.computeIfAbsent(
                                                ev.getKey() + " · " + kind.getKey(), k -> new ArrayList<>())
                                        .add(new Svg.Bar(
                                                rel.getKey(),
                                                ReportSection.percent(
                                                        kind.getValue().path("ratioOfMeans")),
                                                ReportSection.percent(kind.getValue()
                                                        .path("ratioOfMeansCi")
                                                        .path("low")),
                                                ReportSection.percent(kind.getValue()
                                                        .path("ratioOfMeansCi")
                                                        .path("high")),
                                                ReportSection.percent(
                                                        kind.getValue().path("controlRatioOfMeans")))))));
        charts.forEach((title, bars) -> s.append(Svg.bars(
                "Change of gold probability by relation, " + title
                        + " (ratio of means, 95% bootstrap CI; grey: matched controls)",
                "%",
                bars)));
        List<Svg.Bar> pooled = new ArrayList<>();
        List<Svg.Bar> controls = new ArrayList<>();
        for (JsonNode row : output.path("all").path("rows")) {
            String label = row.path("evaluation").asText() + " · "
                    + row.path("intervention").asText();
            JsonNode ci = row.path("ratioOfMeansCi");
            pooled.add(new Svg.Bar(
                    label,
                    ReportSection.percent(row.path("neurons").path("ratioOfMeans")),
                    ReportSection.percent(ci.path("low")),
                    ReportSection.percent(ci.path("high")),
                    ReportSection.percent(row.path("ratioOfMeansVsControls").path("controlMean"))));
            JsonNode vs = row.path("ratioOfMeansVsControls");
            double mean = vs.path("controlMean").asDouble(Double.NaN);
            double sd = vs.path("controlSd").asDouble(Double.NaN);
            controls.add(new Svg.Bar(
                    label,
                    ReportSection.percent(vs.path("effect")),
                    100 * (mean - 2 * sd),
                    100 * (mean + 2 * sd),
                    100 * mean));
        }
        if (!pooled.isEmpty()) {
            s.append(Svg.bars("All facts pooled, with 95% bootstrap CI", "%", pooled));
            s.append(Svg.bars(
                    "Knowledge neurons' effect against the control distribution (mean ± 2 sd)", "%", controls));
        }
        s.append(hubCharts(output.path("all").path("rows")));
        s.append(DropoutChart.of(output.path("dropout")));
        RelationTables.of(stepType(), output).ifPresent(rows -> s.append(Html.table("relations", rows)));
        return s.toString();
    }

    /**
     * With hub-aware sets: the knowledge neurons' effect against hub-matched sets (grey: their mean), and
     * the sets without their hubs with 95% CIs; nothing without them.
     */
    static String hubCharts(JsonNode rows) {
        List<Svg.Bar> matched = new ArrayList<>();
        List<Svg.Bar> free = new ArrayList<>();
        for (JsonNode row : rows) {
            JsonNode h = row.path("hubs");
            if (h.isMissingNode() || h.isNull()) {
                continue;
            }
            String label = row.path("evaluation").asText() + " · "
                    + row.path("intervention").asText();
            matched.add(new Svg.Bar(
                    label,
                    ReportSection.percent(row.path("neurons").path("ratioOfMeans")),
                    Double.NaN,
                    Double.NaN,
                    ReportSection.percent(h.path("ratioOfMeansVsHubMatched").path("controlMean"))));
            free.add(new Svg.Bar(
                    label,
                    ReportSection.percent(h.path("hubFree").path("ratioOfMeans")),
                    ReportSection.percent(h.path("hubFreeRatioOfMeansCi").path("low")),
                    ReportSection.percent(h.path("hubFreeRatioOfMeansCi").path("high")),
                    ReportSection.percent(row.path("neurons").path("ratioOfMeans"))));
        }
        if (matched.isEmpty()) {
            return "";
        }
        return Svg.bars(
                        "Knowledge neurons against sets of the same layers and neuron frequency (grey: the hub-matched"
                                + " sets' mean)",
                        "%",
                        matched)
                + Svg.bars("The knowledge neurons without their hubs (95% bootstrap CI; grey: with them)", "%", free);
    }
}
