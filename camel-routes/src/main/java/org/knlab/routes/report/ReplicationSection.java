package org.knlab.routes.report;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.knlab.routes.api.RelationTables;

/** replicate-kn-figures: the paper's four figure columns per relation against controls, dropout, neurons. */
@ApplicationScoped
public class ReplicationSection implements ReportSection {

    private static final List<String> COLUMNS = List.of("suppressRelated", "suppressUnrelated", "amplifyRelated",
            "amplifyUnrelated");

    @Override
    public String stepType() {
        return "replicate-kn-figures";
    }

    @Override
    public String render(JsonNode output) {
        StringBuilder s = new StringBuilder();
        for (String column : COLUMNS) {
            List<Svg.Bar> bars = new ArrayList<>();
            output.path("figures").forEach(row -> bars.add(new Svg.Bar(row.path("relation").asText(),
                    ReportSection.percent(row.path(column).path("ratioOfMeans")), Double.NaN, Double.NaN,
                    ReportSection.percent(row.path(column).path("controlRatioOfMeans")))));
            s.append(Svg.bars(column + " (ratio of means; grey: matched controls)", "%", bars));
        }
        s.append(DropoutChart.of(output.path("dropout")));
        s.append(KnowledgeNeuronsSection.statistics(output.path("neuronStatistics")));
        RelationTables.of(stepType(), output).ifPresent(rows -> s.append(Html.table("relations", rows)));
        return s.toString();
    }
}
