package org.knlab.routes.report;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.knlab.routes.api.RelationTables;
import org.knlab.steps.StepType;

/**
 * edit-fact: per direction, does the edit work, where, and at what cost — the authors' rule at the
 * knowledge neurons (95% CI; grey tick: the same rule at matched random neurons) beside the optimised
 * edit at the knowledge neurons, at random neurons of the same layers and of one random layer, each at
 * the same norm; on the edited prompt, its paraphrases, its held-out prompts, and the same relation's
 * other facts (specificity). Then the per-relation table.
 */
@ApplicationScoped
public class EditFactSection implements ReportSection {

    /** The figure's groups: metric key → label. */
    private static final List<List<String>> METRICS = List.of(
            List.of("efficacy.top1", "edited prompt"),
            List.of("paraphrase.top1", "paraphrases"),
            List.of("heldOut.top1", "held-out prompts"),
            List.of("sameRelation.accuracyAfter", "same relation, accuracy after"));

    private static final List<String> PLACES = List.of("knowledge-neurons", "random-same-layers", "random-layer");

    @Override
    public StepType stepType() {
        return StepType.EDIT_FACT;
    }

    @Override
    public String render(JsonNode output) {
        StringBuilder s = new StringBuilder();
        for (JsonNode row : output.path("tables")) {
            if (!row.path("group").asText().equals("all")) {
                continue;
            }
            String direction = row.path("direction").asText();
            List<GroupedBars.Group> groups = new ArrayList<>();
            for (List<String> metric : METRICS) {
                JsonNode m = row.path("metrics").path(metric.get(0));
                if (m.isMissingNode()) {
                    continue;
                }
                List<GroupedBars.Bar> bars = new ArrayList<>();
                bars.add(new GroupedBars.Bar(
                        100 * m.path("mean").asDouble(Double.NaN),
                        100 * m.path("ci").path("low").asDouble(Double.NaN),
                        100 * m.path("ci").path("high").asDouble(Double.NaN),
                        100 * m.path("vsRandom").path("controlMean").asDouble(Double.NaN)));
                for (String place : PLACES) {
                    bars.add(new GroupedBars.Bar(
                            100 * m.path("optimised").path(place).asDouble(Double.NaN),
                            Double.NaN,
                            Double.NaN,
                            Double.NaN));
                }
                groups.add(new GroupedBars.Group(metric.get(1), bars));
            }
            String svg = GroupedBars.chart(
                    "Edits " + direction + " (" + row.path("edits").asInt()
                            + " edits): top-1 = the new answer, %; grey tick: the rule at matched random neurons",
                    "%",
                    List.of(
                            "authors' rule at the knowledge neurons",
                            "optimised at the knowledge neurons",
                            "optimised at random neurons, same layers",
                            "optimised at random neurons, one random layer"),
                    groups,
                    List.of());
            s.append(svg).append(Svg.download(svg, "edits-" + direction + ".svg"));
        }
        RelationTables.of(stepType(), output).ifPresent(rows -> s.append(Html.table("relations", rows)));
        return s.toString();
    }
}
