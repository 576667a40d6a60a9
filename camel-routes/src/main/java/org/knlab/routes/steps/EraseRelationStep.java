package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.knlab.data.ParaRel;
import org.knlab.editing.EraseRelationSettings;
import org.knlab.editing.RelationEraser;
import org.knlab.routes.Json;
import org.knlab.settings.StepParams;
import org.knlab.steps.StepType;

/**
 * {@code erase-relation} ({@link EraseRelationSettings}): each relation's most frequent knowledge
 * neurons (from an earlier {@code knowledge-neurons} step, {@code input.fromStep}) erased with zero
 * and [UNK] value slots, against matched random, most-activated and top-gradient neurons; the
 * event carries the whole table. Progress per relation.
 */
@ApplicationScoped
public class EraseRelationStep implements StepHandler {

    @Override
    public StepType type() {
        return StepType.ERASE_RELATION;
    }

    @Override
    public StepOutput run(StepContext ctx) {
        EraseRelationSettings settings = ctx.settings(EraseRelationSettings.class);
        ParaRel pararel = ParaRel.load(ctx.model().promptStyle());
        List<RelationEraser.RelationResult> results = new RelationEraser(ctx.model(), pararel)
                .run(
                        NeuronSetInput.of(ctx, settings.neurons(), pararel).sets(),
                        settings,
                        ctx.message().request().seedOrDefault(),
                        ctx.progress());
        ObjectNode output = Json.MAPPER.createObjectNode();
        output.set("relations", Json.MAPPER.valueToTree(results));
        ObjectNode summary = Json.MAPPER.createObjectNode().put("relations", results.size());
        results.forEach(r -> r.rows().stream()
                .filter(row -> row.set().equals("knowledge-neurons"))
                .forEach(row -> summary.put(r.relation() + "/" + row.slot(), row.relativeAccuracyDrop())));
        return new StepOutput(
                output, summary, StepParams.toJson(settings), ctx.facts().record());
    }
}
