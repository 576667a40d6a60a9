package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knlab.attribution.AttributeSettings;
import org.knlab.attribution.AttributionMethod;
import org.knlab.attribution.AttributionOptions;
import org.knlab.attribution.AttributionReport;
import org.knlab.attribution.AttributionResult;
import org.knlab.attribution.AttributionSettings;
import org.knlab.attribution.Attributor;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.experiments.ProgressListener;
import org.knlab.routes.Json;
import org.knlab.steps.StepType;

/**
 * {@code attribute}: scores of every FFN neuron at [MASK] for each prompt of the selected facts.
 * The event carries each prompt's top-k neurons and completeness gaps; the full tensors go to the
 * {@link ResultFiles}.
 */
@ApplicationScoped
public class AttributeStep implements StepHandler {

    private final ResultFiles store;

    AttributeStep(ResultFiles store) {
        this.store = store;
    }

    @Override
    public StepType type() {
        return StepType.ATTRIBUTE;
    }

    @Override
    public StepOutput run(StepContext ctx) {
        AttributeSettings settings = ctx.settings(AttributeSettings.class);
        AttributionOptions options =
                settings.attribution().options(ctx.message().request().seedOrDefault());
        int top = settings.top();
        List<Fact> facts = ctx.facts().resolve();
        ParaRel pararel = ParaRel.load(ctx.model().promptStyle());
        Attributor attributor = new Attributor(ctx.model());
        Map<String, List<AttributionResult>> byFact = new LinkedHashMap<>();
        ArrayNode factsOut = Json.MAPPER.createArrayNode();
        double gapSum = 0;
        int prompts = 0;
        for (Fact f : facts) {
            List<String> texts = pararel.prompts(f);
            List<AttributionResult> results = attributor.attribute(
                    texts, ctx.model().tokenizer().singleTokenId(f.object(), "object"), options, ProgressListener.NONE);
            byFact.put(f.uuid(), results);
            ObjectNode fo = factsOut.addObject()
                    .put("uuid", f.uuid())
                    .put("relation", f.relation())
                    .put("object", f.object());
            ArrayNode po = fo.putArray("prompts");
            for (int p = 0; p < texts.size(); p++) {
                AttributionResult r = results.get(p);
                ObjectNode one = po.addObject().put("text", texts.get(p)).put("goldProbability", r.goldProbability());
                ArrayNode best = one.putArray("top");
                AttributionReport.top(r.scores(), top)
                        .forEach(t ->
                                best.addArray().add((int) t[0]).add((int) t[1]).add(t[2]));
                if (r.completenessGap() != null) {
                    ArrayNode gaps = one.putArray("completenessGap");
                    for (double g : r.completenessGap()) {
                        gaps.add(g);
                        gapSum += Math.abs(g);
                    }
                }
                prompts++;
            }
            ctx.progress().progress(byFact.size(), facts.size());
        }
        ObjectNode output = Json.MAPPER.createObjectNode();
        output.set("facts", factsOut);
        output.set(
                "scores",
                store.writeScores(ctx.message().experimentId(), ctx.step().id(), byFact));
        ObjectNode summary =
                Json.MAPPER.createObjectNode().put("facts", facts.size()).put("prompts", prompts);
        if (options.method() == AttributionMethod.IG && prompts > 0) {
            summary.put("meanAbsCompletenessGapPerPrompt", gapSum / prompts);
        }
        return new StepOutput(
                output,
                summary,
                AttributionSettings.parameters(settings, options),
                ctx.facts().record());
    }
}
