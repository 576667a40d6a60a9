package org.knlab.routes.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knlab.routes.api.RelationTables;

/**
 * replicate-kn-figures: the paper's four figure columns per relation with their bootstrap CIs (from
 * {@code tables}) against controls, dropout, neurons.
 */
@ApplicationScoped
public class ReplicationSection implements ReportSection {

    /** Each figure column and its rows in {@code tables} (evaluation/intervention), which carry the CIs. */
    private static final Map<String, String> COLUMNS = new LinkedHashMap<>(Map.of("suppressRelated", "own/suppress",
            "suppressUnrelated", "other-relation/suppress", "amplifyRelated", "own/amplify",
            "amplifyUnrelated", "other-relation/amplify"));

    @Override
    public String stepType() {
        return "replicate-kn-figures";
    }

    @Override
    public String render(JsonNode output) {
        StringBuilder s = new StringBuilder();
        Map<String, JsonNode> cells = new HashMap<>();
        output.path("tables").path("rows").forEach(r -> cells.put(r.path("group").asText() + "/"
                + r.path("evaluation").asText() + "/" + r.path("intervention").asText(), r));
        COLUMNS.forEach((column, source) -> {
            List<Svg.Bar> bars = new ArrayList<>();
            output.path("figures").forEach(row -> {
                JsonNode ci = cells.getOrDefault(row.path("relation").asText() + "/" + source, MissingNode.getInstance())
                        .path("ratioOfMeansCi");
                bars.add(new Svg.Bar(row.path("relation").asText(), ReportSection.percent(row.path(column).path("ratioOfMeans")),
                        ReportSection.percent(ci.path("low")), ReportSection.percent(ci.path("high")),
                        ReportSection.percent(row.path(column).path("controlRatioOfMeans"))));
            });
            s.append(Svg.bars(column + " (ratio of means, 95% bootstrap CI; grey: matched controls)", "%", bars));
        });
        s.append(DropoutChart.of(output.path("dropout")));
        s.append(KnowledgeNeuronsSection.statistics(output.path("neuronStatistics")));
        RelationTables.of(stepType(), output).ifPresent(rows -> s.append(Html.table("relations", rows)));
        return s.toString();
    }
}
