package org.knlab.routes.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.knlab.intervention.InterventionSummary;
import org.knlab.routes.api.RelationTables;
import org.knlab.steps.StepType;

/**
 * replicate-kn-figures, headline first: the paper's Figure 3 (suppression) and Figure 4 (amplification)
 * as the paper lays them out — related and unrelated side by side per relation, with bootstrap CIs (from
 * {@code tables}), the matched controls and the paper's mean as reference lines, each downloadable as
 * SVG; then the dropout yardstick, the neurons and the table.
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

    private static Column column(String figure) {
        return COLUMNS.stream()
                .filter(c -> c.figure().equals(figure))
                .findFirst()
                .orElseThrow();
    }

    /** A relation's bar of one figure column: its value, its CI from {@code tables}, its controls' mean. */
    private static GroupedBars.Bar bar(JsonNode row, Column column, Map<String, JsonNode> cells) {
        JsonNode figure = row.path(column.figure());
        JsonNode ci = cells.getOrDefault(row.path("relation").asText() + "/" + column.cell(), MissingNode.getInstance())
                .path("ratioOfMeansCi");
        return new GroupedBars.Bar(
                ReportSection.percent(figure.path("ratioOfMeans")),
                ReportSection.percent(ci.path("low")),
                ReportSection.percent(ci.path("high")),
                ReportSection.percent(figure.path("controlRatioOfMeans")));
    }

    @Override
    public StepType stepType() {
        return StepType.REPLICATE_KN_FIGURES;
    }

    @Override
    public String render(JsonNode output) {
        StringBuilder s =
                new StringBuilder(ReportSection.powerNote(output.path("tables").path("rows")));
        Map<String, JsonNode> cells = new HashMap<>();
        output.path("tables")
                .path("rows")
                .forEach(r -> cells.put(
                        r.path("group").asText() + "/" + r.path("evaluation").asText() + "/"
                                + r.path("intervention").asText(),
                        r));
        for (String intervention : List.of("suppress", "amplify")) {
            String figure = intervention.equals("suppress") ? "Figure 3: suppressing" : "Figure 4: amplifying";
            Column related = column(intervention + "Related");
            Column unrelated = column(intervention + "Unrelated");
            List<GroupedBars.Group> groups = new ArrayList<>();
            for (JsonNode row : output.path("figures")) {
                String relation = row.path("relation").asText();
                if (relation.equals(InterventionSummary.ALL)) {
                    continue; // the pooled row: the paper's headline is the mean over relations
                }
                groups.add(new GroupedBars.Group(
                        relation.startsWith("mean") ? "mean" : relation,
                        List.of(bar(row, related, cells), bar(row, unrelated, cells))));
            }
            JsonNode paper = output.path("paper");
            List<GroupedBars.Reference> references = new ArrayList<>();
            if (paper.path(related.figure()).isNumber()) {
                references.add(new GroupedBars.Reference(
                        0,
                        ReportSection.percent(paper.path(related.figure())),
                        "paper, related: " + Svg.num(ReportSection.percent(paper.path(related.figure()))) + "%"));
                references.add(new GroupedBars.Reference(
                        1,
                        ReportSection.percent(paper.path(unrelated.figure())),
                        "paper, unrelated: " + Svg.num(ReportSection.percent(paper.path(unrelated.figure()))) + "%"));
            }
            String svg = GroupedBars.chart(
                    figure + " the knowledge neurons: change of P(gold), ratio of means, 95% bootstrap CI",
                    "%",
                    List.of("related (the fact's prompts)", "unrelated (another relation)"),
                    groups,
                    references);
            s.append(svg).append(Svg.download(svg, "figure-" + intervention + ".svg"));
        }
        s.append(DropoutChart.of(output.path("dropout")));
        s.append(KnowledgeNeuronsSection.statistics(output.path("neuronStatistics")));
        RelationTables.of(stepType(), output).ifPresent(rows -> s.append(Html.table("relations", rows)));
        return s.toString();
    }
}
