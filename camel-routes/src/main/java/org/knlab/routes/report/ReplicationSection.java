package org.knlab.routes.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.knlab.routes.api.RelationTables;
import org.knlab.steps.StepType;

/**
 * replicate-kn-figures: the paper's four figure columns per relation with their bootstrap CIs (from
 * {@code tables}) against controls, dropout, neurons.
 */
@ApplicationScoped
public class ReplicationSection implements ReportSection {

    /** A figure column and the cell (evaluation/intervention) of its rows in {@code tables}, which carry the CIs. */
    private record Column(String figure, String cell) {}

    private static final List<Column> COLUMNS = List.of(
            new Column("suppressRelated", "own/suppress"),
            new Column("suppressUnrelated", "other-relation/suppress"),
            new Column("amplifyRelated", "own/amplify"),
            new Column("amplifyUnrelated", "other-relation/amplify"));

    @Override
    public StepType stepType() {
        return StepType.REPLICATE_KN_FIGURES;
    }

    @Override
    public String render(JsonNode output) {
        StringBuilder s = new StringBuilder();
        Map<String, JsonNode> cells = new HashMap<>();
        output.path("tables")
                .path("rows")
                .forEach(r -> cells.put(
                        r.path("group").asText() + "/" + r.path("evaluation").asText() + "/"
                                + r.path("intervention").asText(),
                        r));
        for (Column column : COLUMNS) {
            List<Svg.Bar> bars = new ArrayList<>();
            for (JsonNode row : output.path("figures")) {
                JsonNode figure = row.path(column.figure());
                JsonNode ci = cells.getOrDefault(
                                row.path("relation").asText() + "/" + column.cell(), MissingNode.getInstance())
                        .path("ratioOfMeansCi");
                bars.add(new Svg.Bar(
                        row.path("relation").asText(),
                        ReportSection.percent(figure.path("ratioOfMeans")),
                        ReportSection.percent(ci.path("low")),
                        ReportSection.percent(ci.path("high")),
                        ReportSection.percent(figure.path("controlRatioOfMeans"))));
            }
            s.append(Svg.bars(
                    column.figure() + " (ratio of means, 95% bootstrap CI; grey: matched controls)", "%", bars));
        }
        s.append(DropoutChart.of(output.path("dropout")));
        s.append(KnowledgeNeuronsSection.statistics(output.path("neuronStatistics")));
        RelationTables.of(stepType(), output).ifPresent(rows -> s.append(Html.table("relations", rows)));
        return s.toString();
    }
}
