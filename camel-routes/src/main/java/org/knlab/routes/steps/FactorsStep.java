package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.knlab.data.ParaRel;
import org.knlab.factors.FactorComparison;
import org.knlab.factors.FactorMarkdown;
import org.knlab.factors.FactorsSettings;
import org.knlab.routes.Json;
import org.knlab.routes.ModelRegistry;
import org.knlab.settings.StepParams;
import org.knlab.steps.StepType;

/**
 * {@code factors} ({@link FactorsSettings}): the knowledge neurons (an earlier {@code knowledge-neurons}
 * step, {@code input.fromStep}, or inline) against NMF and PCA factors and random directions in the
 * same layers, and the features of a train-sae dictionary (kind {@code sae}), at equal size and at equal
 * ‖Δa‖, with units-needed curves and purity; the fits, per-fact rows, the tables and their Markdown in
 * the event. Progress per fact.
 */
@ApplicationScoped
public class FactorsStep implements StepHandler {

    private final ModelRegistry models;

    FactorsStep(ModelRegistry models) {
        this.models = models;
    }

    @Override
    public StepType type() {
        return StepType.FACTORS;
    }

    @Override
    public StepOutput run(StepContext ctx) {
        FactorsSettings settings = ctx.settings(FactorsSettings.class);
        ParaRel pararel = ParaRel.load(ctx.model().promptStyle());
        FactorComparison.Study study = new FactorComparison(ctx.model(), pararel, models.storeRoot())
                .run(
                        NeuronSetInput.of(ctx, settings.neurons(), pararel).sets(),
                        settings,
                        ctx.message().request().seedOrDefault(),
                        ctx.progress());
        ObjectNode output = Json.MAPPER.valueToTree(study);
        output.put("markdown", FactorMarkdown.of(study));
        ObjectNode summary = Json.MAPPER
                .createObjectNode()
                .put("facts", study.facts().size())
                .put("skipped", study.skipped());
        study.table().stream()
                .filter(r -> r.size().equals(FactorComparison.OWN_SIZE)
                        && r.evaluation().equals("own"))
                .forEach(r -> summary.put(r.unit() + "/" + r.scale(), r.meanChange()));
        return new StepOutput(
                output, summary, StepParams.toJson(settings), ctx.facts().record());
    }
}
