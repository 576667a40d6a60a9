package org.knlab.intervention;

import java.util.List;
import org.knlab.attribution.KnowledgeNeuronFinder;
import org.knlab.attribution.KnowledgeNeuronsSettings;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.experiments.ProgressListener;
import org.knlab.nn.BertModel;

/**
 * Dai et al.'s Figures 3 and 4 rerun with controls: knowledge neurons by the authors' protocol
 * (no held-out prompts), then suppress and amplify ×2 on the fact's own prompts ("related") and on
 * a fact of another relation ("unrelated"), per relation, with matched random and gradient-matched
 * controls, both aggregations and accuracy; plus the random-dropout reference curve.
 */
public final class KnFiguresReplication {

    public record Result(KnowledgeNeuronFinder.Result neurons, InterventionSummary.Tables tables,
            List<FigureRow> figures, DropoutCurve dropout) {}

    private final BertModel model;
    private final ParaRel pararel;

    public KnFiguresReplication(BertModel model, ParaRel pararel) {
        this.model = model;
        this.pararel = pararel;
    }

    /** Progress counts facts twice: once when their neurons are found, once when they are measured. */
    public Result run(List<Fact> facts, ReplicationSettings s, long seed, ProgressListener progress) {
        int total = 2 * facts.size() + 1;
        KnowledgeNeuronFinder.Result neurons = new KnowledgeNeuronFinder(model).run(
                facts.stream().map(f -> KnowledgeNeuronFinder.FactPrompts.of(f, pararel)).toList(),
                new KnowledgeNeuronsSettings(s.attribution(), "authors", null, null, 0.0), seed,
                (done, all) -> progress.progress(done, total));
        InterventionSettings figures = InterventionSettings.paperFigures(s.controls(), s.bootstrap(),
                s.interventionMaxRows());
        List<InterventionExperiment.FactRecord> records = new InterventionExperiment(model, pararel, figures, seed)
                .run(neurons.facts(), (done, all) -> progress.progress(facts.size() + done, total));
        InterventionSummary.Tables tables = InterventionSummary.of(records, s.bootstrap(), seed);
        DropoutCurve dropout = DropoutCurve.run(model, pararel, DropoutCurve.sample(neurons.facts(), s.dropoutFacts(),
                seed), DropoutCurve.DEFAULT_FRACTIONS, s.dropoutRepeats(), seed, s.interventionMaxRows());
        progress.progress(total, total);
        return new Result(neurons, tables, FigureRow.of(tables, neurons), dropout);
    }
}
