package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.knlab.attribution.KnowledgeNeuron;
import org.knlab.attribution.KnowledgeNeuronFinder.FactNeurons;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.errors.InvalidWorkflowException;
import org.knlab.intervention.Bootstrap;
import org.knlab.intervention.DropoutCurve;
import org.knlab.intervention.EffectSummary;
import org.knlab.intervention.EvaluationSet;
import org.knlab.intervention.InterventionExperiment;
import org.knlab.intervention.InterventionKind;
import org.knlab.intervention.InterventionRunner;
import org.knlab.intervention.InterventionSettings;
import org.knlab.intervention.InterventionSummary;
import org.knlab.routes.Json;

/**
 * {@code interventions}: suppress / amplify / mean-ablate / resample / value-slot edits of the
 * knowledge neurons found by an earlier {@code knowledge-neurons} step ({@code input.fromStep}),
 * measured on the chosen evaluation sets against matched random and gradient-matched controls.
 * The event carries the pooled rows and a compact per-relation table; every row (per relation)
 * and each fact's numbers go to a JSON file under {@code kn.results-dir}. With
 * {@code dropoutRepeats} &gt; 0 it adds the random-dropout reference curve on the own prompts of
 * the first {@code dropoutFacts} facts.
 */
@ApplicationScoped
public class InterventionsStep implements StepHandler {

    private final ResultFiles files;

    InterventionsStep(ResultFiles files) {
        this.files = files;
    }

    @Override
    public String type() {
        return "interventions";
    }

    @Override
    public StepOutput run(StepContext ctx) {
        InterventionSettings settings = settings(ctx);
        List<FactNeurons> facts = neuronsOf(ctx);
        List<InterventionExperiment.FactRecord> records = new InterventionExperiment(ctx.model(), ParaRel.load(),
                settings).run(facts, ctx.progress());
        InterventionSummary.Tables tables = InterventionSummary.of(records, settings.bootstrapResamples(),
                settings.seed());
        ObjectNode output = Json.MAPPER.createObjectNode();
        output.set("all", Json.MAPPER.valueToTree(new InterventionSummary.Tables(
                tables.rows().stream().filter(r -> r.group().equals(InterventionSummary.ALL)).toList(),
                tables.perplexity().stream().filter(r -> r.group().equals(InterventionSummary.ALL)).toList())));
        output.set("byRelation", compactByRelation(tables));
        int dropoutRepeats = ctx.intParam("dropoutRepeats", 0, 0, 1000);
        if (dropoutRepeats > 0) {
            output.set("dropout", Json.MAPPER.valueToTree(DropoutCurve.run(ctx.model(), ParaRel.load(),
                    facts.subList(0, Math.min(ctx.intParam("dropoutFacts", 20, 1, 100_000), facts.size())),
                    DropoutCurve.DEFAULT_FRACTIONS, dropoutRepeats, settings.seed(), settings.maxRows())));
        }
        output.set("details", files.writeJson(ctx.message().experimentId(), ctx.step().id(),
                Map.of("tables", tables, "facts", records.stream().map(InterventionsStep::factDetails).toList())));
        ObjectNode summary = Json.MAPPER.createObjectNode().put("facts", facts.size());
        tables.rows().stream().filter(r -> r.group().equals(InterventionSummary.ALL)).forEach(r -> summary.put(
                r.evaluation() + "/" + r.intervention(), r.neurons().ratioOfMeans()));
        return new StepOutput(output, summary, parameters(settings), ctx.facts().record());
    }

    static InterventionSettings settings(StepContext ctx) {
        List<InterventionKind> kinds = ctx.stringListParam("interventions", List.of("suppress", "amplify")).stream()
                .map(InterventionKind::parse).toList();
        List<EvaluationSet> sets = ctx.stringListParam("evaluate",
                Arrays.stream(EvaluationSet.values()).map(EvaluationSet::id).toList()).stream()
                .map(EvaluationSet::parse).toList();
        return new InterventionSettings(kinds, (float) ctx.doubleParam("factor", 2, -100, 100), sets,
                ctx.intParam("controls", 100, 2, 10_000), ctx.booleanParam("gradientControls", true),
                ctx.intParam("perplexitySentences", 10, 0, 1000), ctx.intParam("perplexityControls", 5, 0, 10_000),
                ctx.intParam("meanReferencePrompts", 100, 1, 10_000),
                ctx.intParam("bootstrap", Bootstrap.DEFAULT_RESAMPLES, 10, 100_000),
                ctx.message().request().seedOrDefault(),
                ctx.intParam("maxRows", InterventionRunner.DEFAULT_MAX_ROWS, 1, 65_536));
    }

    static ObjectNode parameters(InterventionSettings s) {
        ObjectNode p = Json.MAPPER.valueToTree(s);
        p.set("interventions", Json.MAPPER.valueToTree(s.interventions().stream().map(InterventionKind::id).toList()));
        p.set("evaluations", Json.MAPPER.valueToTree(s.evaluations().stream().map(EvaluationSet::id).toList()));
        return p;
    }

    /** The facts of the earlier step, with the neurons and prompt split it found for each. */
    private static List<FactNeurons> neuronsOf(StepContext ctx) {
        String where = "$.steps[" + ctx.message().stepIndex() + "].input";
        if (ctx.step().input() == null) {
            throw new InvalidWorkflowException(where,
                    "interventions needs input.fromStep naming an earlier knowledge-neurons step");
        }
        List<Fact> facts = ctx.facts().resolve();
        Map<String, JsonNode> byUuid = new HashMap<>();
        ctx.message().outputs().path(ctx.step().input().fromStep()).path("facts")
                .forEach(f -> byUuid.put(f.path("uuid").asText(), f));
        List<FactNeurons> out = new ArrayList<>();
        for (Fact f : facts) {
            JsonNode node = byUuid.get(f.uuid());
            if (node == null || !node.path("neurons").isArray()) {
                throw new InvalidWorkflowException(where, "step '" + ctx.step().input().fromStep()
                        + "' gave no neurons for fact " + f.uuid() + ": take the input from a knowledge-neurons step");
            }
            List<KnowledgeNeuron> neurons = new ArrayList<>();
            node.path("neurons").forEach(n -> neurons.add(new KnowledgeNeuron(n.get(0).asInt(), n.get(1).asInt(),
                    n.get(2).asInt(), n.get(3).asDouble())));
            out.add(new FactNeurons(f.uuid(), f.relation(), f.object(), neurons, ints(node.path("selectionPrompts")),
                    ints(node.path("heldOutPrompts")), node.path("promptShare").asDouble()));
        }
        return out;
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(i -> out.add(i.asInt()));
        return out;
    }

    /** relation → evaluation → intervention → the headline numbers. */
    private static ObjectNode compactByRelation(InterventionSummary.Tables tables) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (InterventionSummary.Row r : tables.rows()) {
            if (r.group().equals(InterventionSummary.ALL)) {
                continue;
            }
            out.with(r.group()).with(r.evaluation()).putObject(r.intervention())
                    .put("facts", r.neurons().facts())
                    .put("ratioOfMeans", r.neurons().ratioOfMeans())
                    .put("meanOfRatios", r.neurons().meanOfRatios())
                    .put("accuracyBefore", r.neurons().accuracyBefore())
                    .put("accuracyAfter", r.neurons().accuracyAfter())
                    .put("controlRatioOfMeans", r.ratioOfMeansVsControls().controlMean())
                    .put("z", r.ratioOfMeansVsControls().z())
                    .put("p", r.ratioOfMeansVsControls().p());
        }
        return out;
    }

    /**
     * One fact: its neurons, the facts each evaluation drew, and per cell the prompt outcomes of the
     * knowledge neurons and the gradient-matched set, and each control set's summary (per-prompt
     * outcomes of every control would make the file 100 times larger).
     */
    private static Map<String, Object> factDetails(InterventionExperiment.FactRecord r) {
        Map<String, Object> cells = new HashMap<>();
        r.cells().forEach((evaluation, byKind) -> cells.put(evaluation, byKind.entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().id(), e -> cellDetails(e.getValue())))));
        return Map.of("fact", r.fact(), "evaluatedFacts", r.evaluatedFacts(), "cells", cells);
    }

    private static Map<String, Object> cellDetails(InterventionExperiment.Cell c) {
        Map<String, Object> out = new HashMap<>();
        out.put("neurons", c.neurons());
        if (c.gradientMatched() != null) {
            out.put("gradientMatched", c.gradientMatched());
        }
        out.put("controls", c.controls().stream().map(o -> EffectSummary.of(List.of(o))).toList());
        return out;
    }
}
