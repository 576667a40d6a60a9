package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.knlab.attribution.AttributionOptions;
import org.knlab.attribution.KnowledgeNeuron;
import org.knlab.attribution.KnowledgeNeuronFinder;
import org.knlab.attribution.RefinementRule;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.routes.Json;

/**
 * {@code knowledge-neurons}: refined neuron sets per fact ({@code rule}: authors, authors-activation
 * or eleuther; optional {@code threshold}/{@code promptShare} overrides; {@code heldOut} share of
 * prompts kept back) and the statistics of the whole set.
 */
@ApplicationScoped
public class KnowledgeNeuronsStep implements StepHandler {

    @Override
    public String type() {
        return "knowledge-neurons";
    }

    @Override
    public StepOutput run(StepContext ctx) {
        AttributionOptions options = AttributionParams.of(ctx);
        RefinementRule rule;
        RefinementRule named = RefinementRule.named(ctx.stringParam("rule", "authors"));
        rule = new RefinementRule(ctx.doubleParam("threshold", named.threshold(), 0, 1),
                ctx.doubleParam("promptShare", named.promptShare(), 0, 1), named.floor(), named.strict(), named.tune());
        double heldOut = ctx.doubleParam("heldOut", 0, 0, 0.9);
        List<Fact> facts = ctx.facts().resolve();
        ParaRel pararel = ParaRel.load();
        KnowledgeNeuronFinder.Result result = new KnowledgeNeuronFinder(ctx.model()).run(
                facts.stream().map(f -> KnowledgeNeuronFinder.FactPrompts.of(f, pararel)).toList(), options, rule,
                heldOut, ctx.message().request().seedOrDefault(), ctx.progress());
        ObjectNode output = Json.MAPPER.createObjectNode();
        ArrayNode factsOut = output.putArray("facts");
        for (KnowledgeNeuronFinder.FactNeurons f : result.facts()) {
            ObjectNode fo = factsOut.addObject().put("uuid", f.uuid()).put("relation", f.relation())
                    .put("object", f.object()).put("promptShare", f.promptShare());
            ArrayNode neurons = fo.putArray("neurons");
            for (KnowledgeNeuron k : f.neurons()) {
                neurons.addArray().add(k.layer()).add(k.index()).add(k.prompts()).add(k.meanScore());
            }
            fo.set("selectionPrompts", Json.MAPPER.valueToTree(f.selectionPrompts()));
            fo.set("heldOutPrompts", Json.MAPPER.valueToTree(f.heldOutPrompts()));
        }
        output.set("promptShareByRelation", Json.MAPPER.valueToTree(result.promptShareByRelation()));
        output.set("statistics", Json.MAPPER.valueToTree(result.statistics()));
        ObjectNode summary = Json.MAPPER.createObjectNode().put("facts", result.facts().size())
                .put("meanNeuronsPerFact", result.statistics().meanPerFact())
                .put("distinctNeurons", result.statistics().distinctNeurons());
        ObjectNode params = AttributionParams.record(options).put("threshold", rule.threshold())
                .put("promptShare", rule.promptShare()).put("floor", rule.floor()).put("strict", rule.strict())
                .put("tune", rule.tune()).put("heldOut", heldOut);
        return new StepOutput(output, summary, params, ctx.facts().record());
    }
}
