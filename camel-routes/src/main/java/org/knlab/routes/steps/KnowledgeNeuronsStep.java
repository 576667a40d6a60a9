package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.knlab.attribution.KnowledgeNeuronFinder;
import org.knlab.attribution.KnowledgeNeuronsSettings;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.neurons.NeuronSetCodec;
import org.knlab.neurons.NeuronSets;
import org.knlab.routes.Json;
import org.knlab.steps.StepType;

/**
 * {@code knowledge-neurons}: each fact's refined neuron set ({@link KnowledgeNeuronsSettings}) as
 * typed neuron sets with their provenance (output {@code neuronSets}, kn-lab's neuron-set format),
 * the prompt share p per relation, and the statistics of the whole set.
 */
@ApplicationScoped
public class KnowledgeNeuronsStep implements StepHandler {

    @Override
    public StepType type() {
        return StepType.KNOWLEDGE_NEURONS;
    }

    @Override
    public StepOutput run(StepContext ctx) {
        KnowledgeNeuronsSettings settings = ctx.settings(KnowledgeNeuronsSettings.class);
        List<Fact> facts = ctx.facts().resolve();
        ParaRel pararel = ParaRel.load(ctx.model().promptStyle());
        KnowledgeNeuronFinder.Result result = new KnowledgeNeuronFinder(ctx.model())
                .run(
                        facts.stream()
                                .map(f -> KnowledgeNeuronFinder.FactPrompts.of(f, pararel))
                                .toList(),
                        settings,
                        ctx.message().request().seedOrDefault(),
                        ctx.progress());
        NeuronSets sets = new NeuronSets(
                result.sets().provenance().withDataSelection(ctx.facts().record()), result.facts(), List.of());
        ObjectNode output = Json.MAPPER.createObjectNode();
        output.set("neuronSets", NeuronSetCodec.write(sets));
        output.set("promptShareByRelation", Json.MAPPER.valueToTree(result.promptShareByRelation()));
        output.set("statistics", Json.MAPPER.valueToTree(result.statistics()));
        ObjectNode summary = Json.MAPPER
                .createObjectNode()
                .put("facts", result.facts().size())
                .put("meanNeuronsPerFact", result.statistics().meanPerFact())
                .put("distinctNeurons", result.statistics().distinctNeurons());
        return new StepOutput(
                output,
                summary,
                sets.provenance().parameters().deepCopy(),
                ctx.facts().record());
    }
}
