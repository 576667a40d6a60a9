package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.knlab.attribution.AttributionSettings;
import org.knlab.data.Fact;
import org.knlab.data.FactSelection;
import org.knlab.data.ParaRel;
import org.knlab.intervention.FigureRow;
import org.knlab.intervention.KnFiguresReplication;
import org.knlab.intervention.PaperFigures;
import org.knlab.intervention.ReplicationSettings;
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
        ReplicationSettings settings = ctx.settings(ReplicationSettings.class);
        long seed = ctx.message().request().seedOrDefault();
        List<Fact> facts = ctx.message().request().facts() == null
                ? ctx.facts().resolve(new FactSelection(settings.relations(), List.of(), settings.factsPerRelation(),
                        true, seed))
                : ctx.facts().resolve();
        KnFiguresReplication.Result r = new KnFiguresReplication(ctx.model(), ParaRel.load()).run(facts, settings, seed,
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
        return new StepOutput(output, summary, AttributionSettings.parameters(settings, settings.attribution().options(seed))
                .put("rule", "authors"), ctx.facts().record());
    }
}
