package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.experiments.Probe;
import org.knlab.experiments.ProbeSettings;
import org.knlab.routes.Json;
import org.knlab.settings.StepParams;
import org.knlab.steps.StepType;

/** {@code probe}: top-1 accuracy and mean gold probability per relation, and per fact. */
@ApplicationScoped
public class ProbeStep implements StepHandler {

    @Override
    public StepType type() {
        return StepType.PROBE;
    }

    @Override
    public StepOutput run(StepContext ctx) {
        ProbeSettings settings = ctx.settings(ProbeSettings.class);
        List<Fact> facts = ctx.facts().resolve();
        Probe.Result result =
                new Probe(ctx.model(), ParaRel.load(ctx.model().promptStyle())).run(facts, ctx.progress());
        ObjectNode output = Json.MAPPER.valueToTree(result);
        ObjectNode summary = Json.MAPPER.valueToTree(result.overall());
        return new StepOutput(
                output, summary, StepParams.toJson(settings), ctx.facts().record());
    }
}
