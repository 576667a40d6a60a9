package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.knlab.data.ParaRel;
import org.knlab.routes.Json;
import org.knlab.routes.ModelRegistry;
import org.knlab.sae.SaeMarkdown;
import org.knlab.sae.SaeTrainingReport;
import org.knlab.sae.SaeTrainingRun;
import org.knlab.sae.TrainSaeSettings;
import org.knlab.settings.StepParams;
import org.knlab.steps.StepType;

/**
 * {@code train-sae} ({@link TrainSaeSettings}): a TopK sparse autoencoder per layer on the prompts of
 * the step's own fact sample (its params, not the request's selection), the facts of the given neuron sets (inline, or of the knowledge-neurons step
 * {@code input.fromStep} names) kept out; the dictionaries go to the worker's model store, the report
 * (with the id a later factors step names as its {@code dictionary}) to the event. Progress per
 * optimiser step; asking again for the same training resumes or returns the stored set.
 */
@ApplicationScoped
public class TrainSaeStep implements StepHandler {

    private final ModelRegistry models;

    TrainSaeStep(ModelRegistry models) {
        this.models = models;
    }

    @Override
    public StepType type() {
        return StepType.TRAIN_SAE;
    }

    @Override
    public StepOutput run(StepContext ctx) {
        TrainSaeSettings settings = ctx.settings(TrainSaeSettings.class);
        ParaRel pararel = ParaRel.load(ctx.model().promptStyle());
        SaeTrainingReport report = new SaeTrainingRun(ctx.model(), pararel, models.storeRoot())
                .run(
                        ctx.facts()
                                .resolve(settings.selection(
                                        ctx.message().request().seedOrDefault())),
                        NeuronSetInput.allGiven(ctx, settings.neurons(), pararel),
                        settings,
                        ctx.message().request().seedOrDefault(),
                        ctx.progress());
        ObjectNode output = Json.MAPPER.valueToTree(report);
        output.put("markdown", SaeMarkdown.of(report));
        ObjectNode summary = Json.MAPPER.createObjectNode().put("dictionary", report.dictionary());
        for (SaeTrainingReport.LayerQuality q : report.layers()) {
            summary.put("layer-" + q.layer() + "/explainedVariance", q.explainedVariance());
            summary.put("layer-" + q.layer() + "/pGoldKept", q.pGoldKept());
            summary.put("layer-" + q.layer() + "/deadShare", q.deadShare());
        }
        return new StepOutput(
                output, summary, StepParams.toJson(settings), ctx.facts().record());
    }
}
