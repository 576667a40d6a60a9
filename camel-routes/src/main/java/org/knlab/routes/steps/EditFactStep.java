package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.knlab.data.ParaRel;
import org.knlab.editing.EditFactSettings;
import org.knlab.editing.EditMetrics;
import org.knlab.editing.EditStudy;
import org.knlab.editing.EditSummary;
import org.knlab.routes.Json;
import org.knlab.settings.StepParams;
import org.knlab.steps.StepType;

/**
 * {@code edit-fact} ({@link EditFactSettings}): value-slot edits of the knowledge neurons found by an
 * earlier {@code knowledge-neurons} step ({@code input.fromStep}), with all four control kinds.
 * Progress per edit; the event carries the tables; the plan and every edit's record go to
 * {@code <kn.results-dir>/<experimentId>/<step>.json}.
 */
@ApplicationScoped
public class EditFactStep implements StepHandler {

    private static final List<String> HEADLINES =
            List.of("efficacy.top1", "paraphrase.top1", "sameRelation.accuracyAfter", EditMetrics.SCORE);

    private final ResultFiles files;

    EditFactStep(ResultFiles files) {
        this.files = files;
    }

    @Override
    public StepType type() {
        return StepType.EDIT_FACT;
    }

    @Override
    public StepOutput run(StepContext ctx) {
        EditFactSettings settings = ctx.settings(EditFactSettings.class);
        ParaRel pararel = ParaRel.load(ctx.model().promptStyle());
        EditStudy study = EditStudy.run(
                ctx.model(),
                pararel,
                NeuronSetInput.of(ctx, settings.neurons(), pararel),
                settings,
                ctx.message().request().seedOrDefault(),
                true,
                ctx.progress());
        ObjectNode output =
                Json.MAPPER.createObjectNode().put("edits", study.records().size());
        output.set("skippedNoNeuron", Json.MAPPER.valueToTree(study.plan().skippedNoNeuron()));
        output.set("poolSizes", Json.MAPPER.valueToTree(study.plan().poolSizes()));
        output.set("tables", Json.MAPPER.valueToTree(study.tables()));
        if (study.hubs() != null) {
            output.set("hubs", Json.MAPPER.valueToTree(study.hubs()));
        }
        output.set(
                "details",
                files.writeJson(
                        ctx.message().experimentId(),
                        ctx.step().id(),
                        Map.of(
                                "plan",
                                study.plan(),
                                "tables",
                                study.tables(),
                                "edits",
                                study.records(),
                                "warnings",
                                study.warnings())));
        files.publishRows(ctx.message().experimentId(), ctx.step().id(), study.records());
        ObjectNode summary =
                Json.MAPPER.createObjectNode().put("edits", study.records().size());
        study.tables().stream()
                .filter(r -> r.group().equals(EditSummary.ALL))
                .forEach(r -> HEADLINES.forEach(m ->
                        summary.put(r.direction() + "/" + m, r.metrics().get(m).mean())));
        return new StepOutput(
                output, summary, StepParams.toJson(settings), ctx.facts().record());
    }
}
