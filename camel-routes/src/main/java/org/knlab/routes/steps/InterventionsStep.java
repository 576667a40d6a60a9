package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.knlab.data.ParaRel;
import org.knlab.intervention.EffectSummary;
import org.knlab.intervention.InterventionExperiment;
import org.knlab.intervention.InterventionSettings;
import org.knlab.intervention.InterventionStudy;
import org.knlab.intervention.InterventionSummary;
import org.knlab.neurons.NeuronSets;
import org.knlab.routes.Json;
import org.knlab.settings.StepParams;
import org.knlab.steps.StepType;

/**
 * {@code interventions} ({@link InterventionSettings}): suppress / amplify / mean-ablate / resample /
 * value-slot edits of neuron sets — found by an earlier {@code knowledge-neurons} step
 * ({@code input.fromStep}) or given inline ({@code params.neurons}, kn-lab's or EleutherAI's format) —
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
    public StepType type() {
        return StepType.INTERVENTIONS;
    }

    @Override
    public StepOutput run(StepContext ctx) {
        InterventionSettings settings = ctx.settings(InterventionSettings.class);
        ParaRel pararel = ParaRel.load(ctx.model().promptStyle());
        NeuronSets sets = NeuronSetInput.of(ctx, settings.neurons(), pararel);
        InterventionStudy study = InterventionStudy.run(
                ctx.model(), pararel, sets, settings, ctx.message().request().seedOrDefault(), ctx.progress());
        InterventionSummary.Tables tables = study.tables();
        ObjectNode output = Json.MAPPER.createObjectNode();
        output.set(
                "all",
                Json.MAPPER.valueToTree(new InterventionSummary.Tables(
                        tables.rows().stream()
                                .filter(r -> r.group().equals(InterventionSummary.ALL))
                                .toList(),
                        tables.perplexity().stream()
                                .filter(r -> r.group().equals(InterventionSummary.ALL))
                                .toList())));
        output.set("byRelation", compactByRelation(tables));
        if (study.dropout() != null) {
            output.set("dropout", Json.MAPPER.valueToTree(study.dropout()));
        }
        ObjectNode source = output.putObject("neuronSource")
                .put("source", sets.provenance().source())
                .put("model", sets.provenance().model())
                .put("facts", sets.sets().size())
                .put("skippedFacts", sets.skippedFacts().size());
        source.set("warnings", Json.MAPPER.valueToTree(study.warnings()));
        if (study.hubs() != null) {
            output.set("hubs", Json.MAPPER.valueToTree(study.hubs()));
        }
        List<Map<String, Object>> facts =
                study.records().stream().map(InterventionsStep::factDetails).toList();
        output.set(
                "details",
                files.writeJson(
                        ctx.message().experimentId(), ctx.step().id(), Map.of("tables", tables, "facts", facts)));
        files.publishRows(ctx.message().experimentId(), ctx.step().id(), facts);
        ObjectNode summary =
                Json.MAPPER.createObjectNode().put("facts", sets.sets().size());
        tables.rows().stream()
                .filter(r -> r.group().equals(InterventionSummary.ALL))
                .forEach(r -> summary.put(
                        r.evaluation() + "/" + r.intervention(), r.neurons().ratioOfMeans()));
        return new StepOutput(
                output, summary, StepParams.toJson(settings), ctx.facts().record());
    }

    /**
     * relation → evaluation → intervention → the headline numbers, with the ratio of means' bootstrap CI
     * and p's Benjamini–Hochberg q over the relations (each evaluation × intervention one family, {@link
     * InterventionSummary.Row#q}).
     */
    private static ObjectNode compactByRelation(InterventionSummary.Tables tables) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        List<InterventionSummary.Row> rows = tables.rows().stream()
                .filter(r -> !r.group().equals(InterventionSummary.ALL))
                .toList();
        for (InterventionSummary.Row r : rows) {
            out.with(r.group())
                    .with(r.evaluation())
                    .putObject(r.intervention())
                    .put("facts", r.neurons().facts())
                    .put("ratioOfMeans", r.neurons().ratioOfMeans())
                    .put("meanOfRatios", r.neurons().meanOfRatios())
                    .put("accuracyBefore", r.neurons().accuracyBefore())
                    .put("accuracyAfter", r.neurons().accuracyAfter())
                    .put("controlRatioOfMeans", r.ratioOfMeansVsControls().controlMean())
                    .put("z", r.ratioOfMeansVsControls().z())
                    .put("p", r.ratioOfMeansVsControls().p())
                    .put("q", r.q())
                    .put("flipsOut", r.neurons().flipsOut())
                    .put("flipsIn", r.neurons().flipsIn())
                    .set("ratioOfMeansCi", Json.MAPPER.valueToTree(r.ratioOfMeansCi()));
            if (r.hubs() != null) {
                ObjectNode cell = out.with(r.group()).with(r.evaluation()).with(r.intervention());
                cell.put("carriedByHubs", r.hubs().carriedByHubs());
                if (r.hubs().ratioOfMeansVsHubMatched() != null) {
                    cell.put("hubMatchedP", r.hubs().ratioOfMeansVsHubMatched().p())
                            .put("hubMatchedQ", r.hubs().hubMatchedQ());
                }
            }
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
        r.cells()
                .forEach((evaluation, byKind) -> cells.put(
                        evaluation,
                        byKind.entrySet().stream()
                                .collect(Collectors.toMap(e -> e.getKey().id(), e -> cellDetails(e.getValue())))));
        return Map.of("fact", r.fact(), "evaluatedFacts", r.evaluatedFacts(), "cells", cells);
    }

    private static Map<String, Object> cellDetails(InterventionExperiment.Cell c) {
        Map<String, Object> out = new HashMap<>();
        out.put("neurons", c.neurons());
        if (c.gradientMatched() != null) {
            out.put("gradientMatched", c.gradientMatched());
        }
        if (c.hubFree() != null) {
            out.put("hubFree", c.hubFree());
        }
        if (!c.hubMatched().isEmpty()) {
            out.put(
                    "hubMatched",
                    c.hubMatched().stream()
                            .map(o -> EffectSummary.of(List.of(o)))
                            .toList());
        }
        out.put(
                "controls",
                c.controls().stream().map(o -> EffectSummary.of(List.of(o))).toList());
        return out;
    }
}
