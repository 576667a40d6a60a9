package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.fillmask.FillMask;
import org.knlab.fillmask.FillMaskResult;
import org.knlab.fillmask.FillMaskSettings;
import org.knlab.routes.Json;
import org.knlab.schemas.ExperimentRequest;
import org.knlab.settings.StepParams;
import org.knlab.steps.StepType;

/**
 * {@code fill-mask}: top-k predictions for explicit prompts ({@code facts.prompts}), or for every
 * prompt of the selected ParaRel facts with their objects as gold answers.
 */
@ApplicationScoped
public class FillMaskStep implements StepHandler {

    @Override
    public StepType type() {
        return StepType.FILL_MASK;
    }

    @Override
    public StepOutput run(StepContext ctx) {
        int top = ctx.settings(FillMaskSettings.class).top();
        List<ExperimentRequest.Prompt> prompts = prompts(ctx);
        FillMask fillMask = new FillMask(ctx.model());
        ArrayNode results = Json.MAPPER.createArrayNode();
        int top1Correct = 0;
        int withGold = 0;
        for (int i = 0; i < prompts.size(); i++) {
            ExperimentRequest.Prompt p = prompts.get(i);
            FillMaskResult r;
            try {
                r = fillMask.run(p.text(), top, p.gold());
            } catch (org.knlab.errors.InvalidInputException e) {
                throw e.at("$.facts.prompts[" + i + "]." + e.field());
            }
            results.add(Json.MAPPER.valueToTree(r));
            if (p.gold() != null) {
                withGold++;
                top1Correct += r.masks().get(0).gold().rank() == 1 ? 1 : 0;
            }
            ctx.progress().progress(i + 1, prompts.size());
        }
        ObjectNode output = Json.MAPPER.createObjectNode();
        output.set("results", results);
        ObjectNode summary = Json.MAPPER.createObjectNode().put("prompts", prompts.size());
        if (withGold > 0) {
            summary.put("top1Accuracy", (double) top1Correct / withGold);
        }
        return new StepOutput(
                output,
                summary,
                StepParams.toJson(new FillMaskSettings(top)),
                ctx.facts().record());
    }

    private static List<ExperimentRequest.Prompt> prompts(StepContext ctx) {
        ExperimentRequest.FactSelection s = ctx.message().request().facts();
        if (ctx.step().input() == null && s != null && s.prompts() != null) {
            return ctx.facts().explicitPrompts(s.prompts());
        }
        ParaRel pararel = ParaRel.load(ctx.model().promptStyle());
        List<ExperimentRequest.Prompt> out = new ArrayList<>();
        for (Fact f : ctx.facts().resolve()) {
            pararel.prompts(f).forEach(text -> out.add(new ExperimentRequest.Prompt(text, f.object())));
        }
        return out;
    }
}
