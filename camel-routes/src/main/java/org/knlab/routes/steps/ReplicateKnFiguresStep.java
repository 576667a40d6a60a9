package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knlab.attribution.AttributionSettings;
import org.knlab.attribution.KnowledgeNeuronFinder.FactScores;
import org.knlab.data.Fact;
import org.knlab.data.FactSelection;
import org.knlab.data.ParaRel;
import org.knlab.experiments.ProgressListener;
import org.knlab.intervention.FigureMarkdown;
import org.knlab.intervention.FigureRow;
import org.knlab.intervention.HubControls;
import org.knlab.intervention.KnFiguresReplication;
import org.knlab.intervention.KnFiguresReplication.FactMeasurement;
import org.knlab.intervention.PaperFigures;
import org.knlab.intervention.ReplicationSettings;
import org.knlab.neurons.NeuronSet;
import org.knlab.routes.Json;
import org.knlab.steps.StepType;

/**
 * {@code replicate-kn-figures}: Dai et al.'s Figures 3 and 4 with controls. Facts: the request's
 * selection, or else a seeded sample of {@code factsPerRelation} (30) facts of every relation (or
 * of {@code relations}). Knowledge neurons by the authors' protocol (attribution parameters as for
 * {@code knowledge-neurons}); {@code controls} (100) matched random sets per fact; the dropout
 * curve on {@code dropoutFacts} (20) facts × {@code dropoutRepeats} (5) draws.
 *
 * <p>Sharded in two phases ({@code shardSize} facts per shard): attribution per fact → join: p tuned
 * per relation, sets refined, the dropout sample → interventions (and dropout draws) per fact →
 * join: tables, figures, dropout curve.
 */
@ApplicationScoped
public class ReplicateKnFiguresStep implements ShardedStep {

    private static final int ATTRIBUTION = 0;

    /**
     * A fact's input to the measuring phase: its knowledge neurons, whether the dropout curve runs on
     * it, and its hub-aware sets (drawn at the join, where every fact's set is known; null when off).
     */
    record MeasureInput(NeuronSet neurons, boolean dropout, HubControls.FactHubs hubs) {}

    @Override
    public StepType type() {
        return StepType.REPLICATE_KN_FIGURES;
    }

    @Override
    public StepOutput run(StepContext ctx) {
        List<Fact> facts = facts(ctx);
        KnFiguresReplication.Result r = replication(ctx).run(facts, settings(ctx), seed(ctx), ctx.progress());
        return output(ctx, r, facts.size());
    }

    @Override
    public int shardSize(StepContext ctx) {
        return settings(ctx).shardSize();
    }

    @Override
    public List<String> factIds(StepContext ctx) {
        return facts(ctx).stream().map(Fact::uuid).toList();
    }

    @Override
    public List<JsonNode> runShard(StepContext ctx, int phase, List<String> factIds, List<JsonNode> inputs) {
        KnFiguresReplication replication = replication(ctx);
        ReplicationSettings s = settings(ctx);
        long seed = seed(ctx);
        List<JsonNode> items = new ArrayList<>();
        if (phase == ATTRIBUTION) {
            ParaRel pararel = ParaRel.load(ctx.model().promptStyle());
            for (String id : factIds) {
                Fact fact = pararel.fact(id)
                        .orElseThrow(() -> new IllegalArgumentException(
                                "the shard names fact '" + id + "', which is not a ParaRel fact"));
                items.add(Json.MAPPER.valueToTree(replication.attribute(fact, s, seed)));
            }
            return items;
        }
        List<NeuronSet> sets = new ArrayList<>();
        Set<String> dropout = new HashSet<>();
        Map<String, HubControls.FactHubs> hubs = new HashMap<>();
        for (JsonNode input : inputs) {
            MeasureInput in = Json.MAPPER.convertValue(input, MeasureInput.class);
            sets.add(in.neurons());
            if (in.dropout()) {
                dropout.add(in.neurons().uuid());
            }
            if (in.hubs() != null) {
                hubs.put(in.neurons().uuid(), in.hubs());
            }
        }
        replication
                .measure(sets, dropout, hubs, s, seed, ProgressListener.NONE)
                .forEach(m -> items.add(Json.MAPPER.valueToTree(m)));
        return items;
    }

    @Override
    public Joined join(StepContext ctx, int phase, List<List<JsonNode>> items) {
        KnFiguresReplication replication = replication(ctx);
        ReplicationSettings s = settings(ctx);
        long seed = seed(ctx);
        KnFiguresReplication.Neurons neurons = replication.neurons(
                items.get(ATTRIBUTION).stream()
                        .map(i -> Json.MAPPER.convertValue(i, FactScores.class))
                        .toList(),
                s,
                seed);
        List<NeuronSet> sets = neurons.result().facts();
        if (phase == ATTRIBUTION) {
            Set<String> dropout = Set.copyOf(neurons.dropoutFacts());
            return Joined.nextPhase(
                    sets.stream().map(NeuronSet::uuid).toList(),
                    sets.stream()
                            .map(f -> (JsonNode) Json.MAPPER.valueToTree(new MeasureInput(
                                    f,
                                    dropout.contains(f.uuid()),
                                    neurons.hubs().get(f.uuid()))))
                            .toList());
        }
        List<FactMeasurement> measured = items.get(phase).stream()
                .map(i -> Json.MAPPER.convertValue(i, FactMeasurement.class))
                .toList();
        facts(ctx); // records the data selection, as the unsharded run does
        return Joined.done(output(ctx, replication.result(neurons, measured, s, seed), sets.size()));
    }

    private static StepOutput output(StepContext ctx, KnFiguresReplication.Result r, int facts) {
        ReplicationSettings settings = settings(ctx);
        ObjectNode output = Json.MAPPER.createObjectNode();
        output.set("figures", Json.MAPPER.valueToTree(r.figures()));
        output.set("dropout", Json.MAPPER.valueToTree(r.dropout()));
        output.set("tables", Json.MAPPER.valueToTree(r.tables()));
        if (r.hubs() != null) {
            output.set("hubs", Json.MAPPER.valueToTree(r.hubs()));
        }
        output.set("neuronStatistics", Json.MAPPER.valueToTree(r.neurons().statistics()));
        output.set("promptShareByRelation", Json.MAPPER.valueToTree(r.neurons().promptShareByRelation()));
        output.set("paper", Json.MAPPER.valueToTree(PaperFigures.DAI_ET_AL));
        output.put("markdown", FigureMarkdown.of(r.figures(), r.dropout()));
        FigureRow mean = r.figures().stream()
                .filter(f -> f.relation().equals("mean over relations"))
                .findFirst()
                .orElseThrow();
        ObjectNode summary = Json.MAPPER
                .createObjectNode()
                .put("facts", facts)
                .put("suppressRelated", mean.suppressRelated().ratioOfMeans())
                .put("suppressUnrelated", mean.suppressUnrelated().ratioOfMeans())
                .put("amplifyRelated", mean.amplifyRelated().ratioOfMeans())
                .put("amplifyUnrelated", mean.amplifyUnrelated().ratioOfMeans());
        return new StepOutput(
                output,
                summary,
                AttributionSettings.parameters(settings, settings.attribution().options(seed(ctx)))
                        .put("rule", "authors"),
                ctx.facts().record());
    }

    private static List<Fact> facts(StepContext ctx) {
        ReplicationSettings settings = settings(ctx);
        return ctx.message().request().facts() == null
                ? ctx.facts()
                        .resolve(new FactSelection(
                                settings.relations(), List.of(), settings.factsPerRelation(), true, seed(ctx)))
                : ctx.facts().resolve();
    }

    private static KnFiguresReplication replication(StepContext ctx) {
        return new KnFiguresReplication(ctx.model(), ParaRel.load(ctx.model().promptStyle()));
    }

    private static ReplicationSettings settings(StepContext ctx) {
        return ctx.settings(ReplicationSettings.class);
    }

    private static long seed(StepContext ctx) {
        return ctx.message().request().seedOrDefault();
    }
}
