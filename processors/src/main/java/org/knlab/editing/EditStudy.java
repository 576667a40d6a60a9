package org.knlab.editing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.knlab.data.ParaRel;
import org.knlab.experiments.ProgressListener;
import org.knlab.intervention.EvaluationSets;
import org.knlab.neurons.NeuronSets;
import org.knlab.nn.LanguageModel;

/**
 * The whole {@code edit-fact} experiment, as the Kafka step and {@code kn edit-fact} both run it: the
 * plan, each edit's record (progress per edit), the tables, and warnings about the neuron sets.
 */
public record EditStudy(
        EditPlanner.Plan plan,
        List<EditExperiment.EditRecord> records,
        List<EditSummary.Row> tables,
        List<String> warnings) {

    public static EditStudy run(
            LanguageModel model,
            ParaRel pararel,
            NeuronSets sets,
            EditFactSettings settings,
            long seed,
            boolean controls,
            ProgressListener progress) {
        EvaluationSets facts = new EvaluationSets(pararel, model.tokenizer(), seed);
        EditPlanner.Plan plan = new EditPlanner(model, pararel, facts).plan(sets.sets(), settings, seed);
        Set<String> involved = new HashSet<>(sets.uuids());
        EditExperiment experiment = new EditExperiment(model, pararel, facts, settings, seed, involved);
        List<EditExperiment.EditRecord> records = new ArrayList<>();
        for (Edit e : plan.edits()) {
            records.add(experiment.run(e, controls));
            progress.progress(records.size(), plan.edits().size());
        }
        return new EditStudy(plan, records, EditSummary.of(records, settings.bootstrap(), seed), sets.warnings(model));
    }
}
