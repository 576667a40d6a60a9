package org.knlab.intervention;

import java.util.ArrayList;
import java.util.List;
import org.knlab.data.ParaRel;
import org.knlab.experiments.ProgressListener;
import org.knlab.neurons.NeuronSets;
import org.knlab.nn.LanguageModel;

/**
 * The whole {@code interventions} experiment on given neuron sets, as the Kafka step and
 * {@code kn interventions} both run it: each fact's cells, the tables with bootstrap CIs, the
 * optional dropout curve on the first {@code dropoutFacts} facts, and warnings about the sets
 * (found on another model, facts skipped) and about default evaluation sets they could not serve.
 *
 * @param dropout null when {@code dropoutRepeats} is 0
 */
public record InterventionStudy(
        List<InterventionExperiment.FactRecord> records,
        InterventionSummary.Tables tables,
        DropoutCurve dropout,
        List<String> warnings) {

    public static InterventionStudy run(
            LanguageModel model,
            ParaRel pararel,
            NeuronSets sets,
            InterventionSettings settings,
            long seed,
            ProgressListener progress) {
        List<InterventionExperiment.FactRecord> records =
                new InterventionExperiment(model, pararel, settings, seed).run(sets.sets(), progress);
        InterventionSummary.Tables tables = InterventionSummary.of(records, settings.bootstrap(), seed);
        DropoutCurve dropout = settings.dropoutRepeats() == 0
                ? null
                : DropoutCurve.run(
                        model,
                        pararel,
                        DropoutCurve.sample(sets.sets(), settings.dropoutFacts(), seed),
                        DropoutCurve.DEFAULT_FRACTIONS,
                        settings.dropoutRepeats(),
                        seed,
                        settings.maxRows());
        List<String> warnings = new ArrayList<>(sets.warnings(model));
        settings.evaluationWarning(InterventionExperiment.hasHeldOutSplits(sets.sets()))
                .ifPresent(warnings::add);
        return new InterventionStudy(records, tables, dropout, warnings);
    }
}
