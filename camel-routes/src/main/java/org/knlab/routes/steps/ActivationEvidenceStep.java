package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.knlab.data.ParaRel;
import org.knlab.evidence.ActivationEvidence;
import org.knlab.evidence.ActivationEvidenceSettings;
import org.knlab.evidence.EvidenceMarkdown;
import org.knlab.routes.Json;
import org.knlab.settings.StepParams;
import org.knlab.steps.StepType;

/**
 * {@code activation-evidence} ({@link ActivationEvidenceSettings}): the knowledge neurons (from an
 * earlier {@code knowledge-neurons} step, {@code input.fromStep}, or inline) and their controls —
 * activation-selected and matched random neurons — on each fact's prompts of every kind; per-fact
 * rows, the tables and their Markdown in the event. Progress per fact.
 */
@ApplicationScoped
public class ActivationEvidenceStep implements StepHandler {

    @Override
    public StepType type() {
        return StepType.ACTIVATION_EVIDENCE;
    }

    @Override
    public StepOutput run(StepContext ctx) {
        ActivationEvidenceSettings settings = ctx.settings(ActivationEvidenceSettings.class);
        ParaRel pararel = ParaRel.load(ctx.model().promptStyle());
        ActivationEvidence.Study study = new ActivationEvidence(ctx.model(), pararel)
                .run(
                        NeuronSetInput.of(ctx, settings.neurons(), pararel).sets(),
                        settings,
                        ctx.message().request().seedOrDefault(),
                        ctx.progress());
        ObjectNode output = Json.MAPPER.valueToTree(study);
        output.put("markdown", EvidenceMarkdown.of(study));
        ObjectNode summary = Json.MAPPER
                .createObjectNode()
                .put("facts", study.facts().size())
                .put("skipped", study.skipped());
        study.contrasts().forEach(r -> summary.put(r.set() + "/" + r.contrast(), r.meanAuc()));
        return new StepOutput(
                output, summary, StepParams.toJson(settings), ctx.facts().record());
    }
}
