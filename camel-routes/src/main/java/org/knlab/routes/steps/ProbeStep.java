package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.experiments.Probe;
import org.knlab.routes.Json;

/** {@code probe}: top-1 accuracy and mean gold probability per relation, and per fact. */
@ApplicationScoped
public class ProbeStep implements StepHandler {

    @Override
    public String type() {
        return "probe";
    }

    @Override
    public StepOutput run(StepContext ctx) {
        List<Fact> facts = ctx.facts().resolve();
        Probe.Result result = new Probe(ctx.model(), ParaRel.load()).run(facts, ctx.progress());
        ObjectNode output = Json.MAPPER.valueToTree(result);
        ObjectNode summary = Json.MAPPER.valueToTree(result.overall());
        return new StepOutput(output, summary, Json.MAPPER.createObjectNode(), ctx.facts().record());
    }
}
