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
                double relationRandom = 0;
                double otherRandom = 0;
                int random = 0;
                for (JsonNode row : r.path("rows")) {
                    if (!row.path("slot").asText().equals(slot)) {
                        continue;
                    }
                    String set = row.path("set").asText();
                    if (set.equals("knowledge-neurons")) {
                        kn = row;
                    } else if (set.startsWith("random")) {
                        relationRandom += drop(row, "relation");
                        otherRandom += drop(row, "other");
                        random++;
                    }
                }
                if (kn == null) {
                    continue;
                }
                String label = r.path("relation").asText() + " · " + slot;
                relation.add(new Svg.Bar(
                        label,
                        drop(kn, "relation"),
                        Double.NaN,
                        Double.NaN,
                        random == 0 ? Double.NaN : relationRandom / random));
                other.add(new Svg.Bar(
                        label,
                        drop(kn, "other"),
                        Double.NaN,
                        Double.NaN,
                        random == 0 ? Double.NaN : otherRandom / random));
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

    /** Relative change of accuracy on the relation's ({@code "relation"}) or other relations' prompts, %. */
    private static double drop(JsonNode row, String prompts) {
        double before = row.path(prompts + "AccuracyBefore").asDouble(Double.NaN);
        double after = row.path(prompts + "AccuracyAfter").asDouble(Double.NaN);
        return before > 0 ? 100 * (after - before) / before : Double.NaN;
    }
}
