package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.errors.InvalidWorkflowException;
import org.knlab.neurons.NeuronSet;
import org.knlab.neurons.NeuronSetCodec;
import org.knlab.neurons.NeuronSets;

/**
 * The neuron sets a step acts on: inline in its params (kn-lab's or EleutherAI's format; on the
 * facts the request or an earlier step selects, if any, else on all the sets' facts), or those of the
 * {@code knowledge-neurons} step named by {@code input.fromStep}, on the facts it passes on.
 */
final class NeuronSetInput {

    private NeuronSetInput() {}

    /** @param inline the step's {@code params.neurons}, or null */
    static NeuronSets of(StepContext ctx, JsonNode inline, ParaRel pararel) {
        NeuronSetCodec codec = NeuronSetCodec.forModel(pararel, ctx.model());
        if (inline != null) {
            NeuronSets all = codec.read(inline, "neurons");
            boolean selected =
                    ctx.step().input() != null || ctx.message().request().facts() != null;
            List<Fact> facts = selected ? ctx.facts().resolve() : ctx.facts().ofNeuronSets(all.uuids());
            return all.only(facts.stream().map(Fact::uuid).toList());
        }
        String where = "$.steps[" + ctx.message().stepIndex() + "].input";
        if (ctx.step().input() == null) {
            throw new InvalidWorkflowException(
                    where,
                    ctx.step().type() + " needs neuron sets: params.neurons inline,"
                            + " or input.fromStep naming an earlier knowledge-neurons step");
        }
        List<Fact> facts = ctx.facts().resolve();
        return fromEarlierStep(ctx, codec).only(facts.stream().map(Fact::uuid).toList());
    }

    /** The sets of the knowledge-neurons step {@code input.fromStep} names. */
    private static NeuronSets fromEarlierStep(StepContext ctx, NeuronSetCodec codec) {
        String where = "$.steps[" + ctx.message().stepIndex() + "].input";
        JsonNode earlier =
                ctx.message().outputs().path(ctx.step().input().fromStep()).path("neuronSets");
        if (earlier.isMissingNode()) {
            throw new InvalidWorkflowException(
                    where,
                    "step '" + ctx.step().input().fromStep()
                            + "' gave no neuron sets: take the input from a knowledge-neurons step");
        }
        return codec.read(earlier, where);
    }

    /**
     * Every set given — inline, or by the knowledge-neurons step {@code input.fromStep} names — unfiltered
     * (train-sae keeps their facts out); none when neither is.
     */
    static List<NeuronSet> allGiven(StepContext ctx, JsonNode inline, ParaRel pararel) {
        NeuronSetCodec codec = NeuronSetCodec.forModel(pararel, ctx.model());
        if (inline != null) {
            return codec.read(inline, "neurons").sets();
        }
        if (ctx.step().input() == null) {
            return List.of();
        }
        return fromEarlierStep(ctx, codec).sets();
    }
}
