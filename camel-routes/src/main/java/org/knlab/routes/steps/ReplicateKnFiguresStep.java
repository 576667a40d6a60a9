package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.knlab.attribution.AttributionOptions;
import org.knlab.attribution.RefinementRule;
import org.knlab.data.Fact;
import org.knlab.data.FactSelection;
import org.knlab.data.ParaRel;
import org.knlab.intervention.Bootstrap;
import org.knlab.intervention.FigureRow;
import org.knlab.intervention.InterventionRunner;
import org.knlab.intervention.KnFiguresReplication;
import org.knlab.intervention.PaperFigures;
import org.knlab.routes.Json;

/**
 * {@code replicate-kn-figures}: Dai et al.'s Figures 3 and 4 with controls. Facts: the request's
 * selection, or else a seeded sample of {@code factsPerRelation} (30) facts of every relation (or
 * of {@code relations}). Knowledge neurons by the authors' protocol (attribution parameters as for
 * {@code knowledge-neurons}); {@code controls} (100) matched random sets per fact; the dropout
 * curve on {@code dropoutFacts} (20) facts × {@code dropoutRepeats} (5) draws.
 */
@ApplicationScoped
public class ReplicateKnFiguresStep implements StepHandler {

    @Override
    public String type() {
        return "replicate-kn-figures";
    }

    @Override
    public StepOutput run(StepContext ctx) {
        AttributionOptions attribution = AttributionParams.of(ctx);
        long seed = ctx.message().request().seedOrDefault();
        KnFiguresReplication.Settings settings = new KnFiguresReplication.Settings(attribution, RefinementRule.AUTHORS,
                ctx.intParam("controls", 100, 2, 10_000), ctx.intParam("dropoutFacts", 20, 1, 100_000),
                ctx.intParam("dropoutRepeats", 5, 1, 1000), ctx.intParam("bootstrap", Bootstrap.DEFAULT_RESAMPLES, 10,
                        100_000), seed, ctx.intParam("maxRows", InterventionRunner.DEFAULT_MAX_ROWS, 1, 65_536));
        List<Fact> facts = ctx.message().request().facts() == null
                ? ctx.facts().resolve(new FactSelection(ctx.stringListParam("relations", List.of()), List.of(),
                        ctx.intParam("factsPerRelation", 30, 1, 100_000), true, seed))
                : ctx.facts().resolve();
        KnFiguresReplication.Result r = new KnFiguresReplication(ctx.model(), ParaRel.load()).run(facts, settings,
                ctx.progress());
        ObjectNode output = Json.MAPPER.createObjectNode();
        output.set("figures", Json.MAPPER.valueToTree(r.figures()));
        output.set("dropout", Json.MAPPER.valueToTree(r.dropout()));
        output.set("tables", Json.MAPPER.valueToTree(r.tables()));
        output.set("neuronStatistics", Json.MAPPER.valueToTree(r.neurons().statistics()));
        output.set("promptShareByRelation", Json.MAPPER.valueToTree(r.neurons().promptShareByRelation()));
        output.set("paper", Json.MAPPER.valueToTree(PaperFigures.DAI_ET_AL));
        FigureRow mean = r.figures().stream().filter(f -> f.relation().equals("mean over relations")).findFirst()
                .orElseThrow();
        ObjectNode summary = Json.MAPPER.createObjectNode().put("facts", facts.size())
                .put("suppressRelated", mean.suppressRelated().ratioOfMeans())
                .put("suppressUnrelated", mean.suppressUnrelated().ratioOfMeans())
                .put("amplifyRelated", mean.amplifyRelated().ratioOfMeans())
                .put("amplifyUnrelated", mean.amplifyUnrelated().ratioOfMeans());
        ObjectNode params = AttributionParams.record(attribution).put("rule", "authors")
                .put("controls", settings.controls()).put("dropoutFacts", settings.dropoutFacts())
                .put("dropoutRepeats", settings.dropoutRepeats()).put("bootstrap", settings.bootstrapResamples())
                .put("maxRows", settings.maxRows());
        return new StepOutput(output, summary, params, ctx.facts().record());
    }
}
