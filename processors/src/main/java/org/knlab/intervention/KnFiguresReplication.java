package org.knlab.intervention;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.knlab.attribution.AttributionOptions;
import org.knlab.attribution.KnowledgeNeuronFinder;
import org.knlab.attribution.RefinementRule;
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

    /**
     * @param dropoutFacts how many of the facts (seeded sample) the dropout curve runs on
     */
    public record Settings(AttributionOptions attribution, RefinementRule rule, int controls, int dropoutFacts,
            int dropoutRepeats, int bootstrapResamples, long seed, int maxRows) {}

    public record Result(KnowledgeNeuronFinder.Result neurons, InterventionSummary.Tables tables,
            List<FigureRow> figures, DropoutCurve dropout) {}

    private final BertModel model;
    private final ParaRel pararel;

    public KnFiguresReplication(BertModel model, ParaRel pararel) {
        this.model = model;
        this.pararel = pararel;
    }

    /** Progress counts facts twice: once when their neurons are found, once when they are measured. */
    public Result run(List<Fact> facts, Settings s, ProgressListener progress) {
        int total = 2 * facts.size() + 1;
        KnowledgeNeuronFinder.Result neurons = new KnowledgeNeuronFinder(model).run(
                facts.stream().map(f -> KnowledgeNeuronFinder.FactPrompts.of(f, pararel)).toList(), s.attribution(),
                s.rule(), 0, s.seed(), (done, all) -> progress.progress(done, total));
        InterventionSettings figures = InterventionSettings.paperFigures(s.controls(), s.bootstrapResamples(), s.seed(),
                s.maxRows());
        List<InterventionExperiment.FactRecord> records = new InterventionExperiment(model, pararel, figures)
                .run(neurons.facts(), (done, all) -> progress.progress(facts.size() + done, total));
        InterventionSummary.Tables tables = InterventionSummary.of(records, s.bootstrapResamples(), s.seed());
        List<KnowledgeNeuronFinder.FactNeurons> sample = new ArrayList<>(neurons.facts());
        Collections.shuffle(sample, new Random(s.seed()));
        DropoutCurve dropout = DropoutCurve.run(model, pararel, sample.subList(0, Math.min(s.dropoutFacts(),
                sample.size())), DropoutCurve.DEFAULT_FRACTIONS, s.dropoutRepeats(), s.seed(), s.maxRows());
        progress.progress(total, total);
        return new Result(neurons, tables, FigureRow.of(tables, neurons), dropout);
    }
}
