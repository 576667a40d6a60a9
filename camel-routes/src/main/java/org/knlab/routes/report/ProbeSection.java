package org.knlab.routes.report;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.knlab.steps.StepType;

/** probe: top-1 accuracy per relation. */
@ApplicationScoped
public class ProbeSection implements ReportSection {

    @Override
    public StepType stepType() {
        return StepType.PROBE;
    }

    @Override
    public String render(JsonNode output) {
        List<Svg.Bar> bars = new ArrayList<>();
        output.path("relations")
                .forEach(r -> bars.add(new Svg.Bar(
                        r.path("relation").asText(),
                        ReportSection.percent(r.path("accuracy")),
                        Double.NaN,
                        Double.NaN,
                        Double.NaN)));
        return Svg.bars("Top-1 accuracy by relation", "%", bars) + Html.table("relations", output.path("relations"));
    }
}
