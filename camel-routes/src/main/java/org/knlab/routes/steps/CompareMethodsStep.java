package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.knlab.attribution.KnowledgeNeuronFinder.FactPrompts;
import org.knlab.comparison.CompareMethodsSettings;
import org.knlab.comparison.ComparisonMarkdown;
import org.knlab.comparison.ComparisonTables;
import org.knlab.comparison.MethodComparison;
import org.knlab.data.ParaRel;
import org.knlab.routes.Json;
import org.knlab.settings.StepParams;
import org.knlab.steps.StepType;

/**
 * {@code compare-methods} ({@link CompareMethodsSettings}): on the request's facts (or an earlier
 * step's), every selection method — IG, activation, grad × act, gradient, random and the direct causal
 * search — at equal budget k, chosen on part of each fact's prompts and suppressed on the rest, with
 * matched random controls, specificity, overlap, cost and the gradient check. Progress per fact (two
 * passes: knowledge neurons, then the comparison); the tables (and their Markdown) in the event; each
 * fact's sets and outcomes in a JSON file under {@code kn.results-dir}.
 */
@ApplicationScoped
public class CompareMethodsStep implements StepHandler {

    private final ResultFiles files;

    CompareMethodsStep(ResultFiles files) {
        this.files = files;
    }

    @Override
    public StepType type() {
        return StepType.COMPARE_METHODS;
    }

    @Override
    public StepOutput run(StepContext ctx) {
        CompareMethodsSettings settings = ctx.settings(CompareMethodsSettings.class);
        ParaRel pararel = ParaRel.load(ctx.model().promptStyle());
        List<FactPrompts> facts = ctx.facts().resolve().stream()
                .map(f -> FactPrompts.of(f, pararel))
                .toList();
        MethodComparison.Study study = new MethodComparison(
                        ctx.model(), pararel, settings, ctx.message().request().seedOrDefault())
                .run(facts, ctx.progress());
        ComparisonTables.Tables tables = study.tables();
        ObjectNode output = Json.MAPPER.valueToTree(tables);
        output.put("markdown", ComparisonMarkdown.of(tables));
        output.set(
                "details",
                files.writeJson(
                        ctx.message().experimentId(),
                        ctx.step().id(),
                        Map.of("tables", tables, "facts", study.facts(), "skippedFacts", study.skippedFacts())));
        ObjectNode summary =
                Json.MAPPER.createObjectNode().put("facts", tables.facts()).put("skippedFacts", tables.skippedFacts());
        tables.methods().stream()
                .filter(r -> r.size().equals(MethodComparison.OWN_SIZE))
                .forEach(r -> summary.put(r.method(), r.heldOut().ratioOfMeans()));
        return new StepOutput(
                output, summary, StepParams.toJson(settings), ctx.facts().record());
    }
}
