package org.knlab.routes.report;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.knlab.routes.api.RelationTables;
import org.knlab.steps.StepType;

/**
 * erase-relation: per relation and slot replacement, how much the relation's accuracy drops when its
 * knowledge neurons' value slots are erased (grey tick: the matched random sets' mean drop), then the
 * same for other relations' prompts (what the erasure should leave alone), then the table.
 */
@ApplicationScoped
public class EraseRelationSection implements ReportSection {

    @Override
    public StepType stepType() {
        return StepType.ERASE_RELATION;
    }

    @Override
    public String render(JsonNode output) {
        List<Svg.Bar> relation = new ArrayList<>();
        List<Svg.Bar> other = new ArrayList<>();
        for (JsonNode r : output.path("relations")) {
            for (String slot : List.of("zero-slot", "unk-slot")) {
                JsonNode kn = null;
                List<JsonNode> random = new ArrayList<>();
                for (JsonNode row : r.path("rows")) {
                    if (!row.path("slot").asText().equals(slot)) {
                        continue;
                    }
                    String set = row.path("set").asText();
                    if (set.equals("knowledge-neurons")) {
                        kn = row;
                    } else if (set.startsWith("random")) {
                        random.add(row);
                    }
                }
                if (kn == null) {
                    continue;
                }
                String label = r.path("relation").asText() + " · " + slot;
                relation.add(bar(label, kn, random, "relation"));
                other.add(bar(label, kn, random, "other"));
            }
        }
        StringBuilder s = new StringBuilder()
                .append(Svg.bars(
                        "The relation's accuracy after erasing its knowledge neurons (relative change, %; grey: matched"
                                + " random sets)",
                        "%", relation))
                .append(Svg.bars("Other relations' accuracy after the same erasure (relative change, %)", "%", other));
        RelationTables.of(stepType(), output).ifPresent(rows -> s.append(Html.table("relations", rows)));
        return s.toString();
    }

    /** The knowledge neurons' change on {@code prompts}, with the random sets' mean change as the tick. */
    private static Svg.Bar bar(String label, JsonNode kn, List<JsonNode> random, String prompts) {
        double control =
                random.stream().mapToDouble(row -> drop(row, prompts)).average().orElse(Double.NaN);
        return new Svg.Bar(label, drop(kn, prompts), Double.NaN, Double.NaN, control);
    }

    /** Relative change of accuracy on the relation's ({@code "relation"}) or other relations' prompts, %. */
    private static double drop(JsonNode row, String prompts) {
        double before = row.path(prompts + "AccuracyBefore").asDouble(Double.NaN);
        double after = row.path(prompts + "AccuracyAfter").asDouble(Double.NaN);
        return before > 0 ? 100 * (after - before) / before : Double.NaN;
    }
}
