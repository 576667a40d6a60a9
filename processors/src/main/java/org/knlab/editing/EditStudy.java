package org.knlab.editing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knlab.data.ParaRel;
import org.knlab.experiments.ProgressListener;
import org.knlab.intervention.EvaluationSets;
import org.knlab.intervention.HubControls;
import org.knlab.neurons.NeuronFrequency;
import org.knlab.neurons.NeuronSets;
import org.knlab.nn.LanguageModel;

/**
 * The whole {@code edit-fact} experiment, as the Kafka step and {@code kn edit-fact} both run it: the
 * plan, each edit's record (progress per edit), the tables, the hub-aware sets' record (hubs by the
 * frequencies of the neuron sets received; null when off), and warnings about the neuron sets.
 */
public record EditStudy(
        EditPlanner.Plan plan,
        List<EditExperiment.EditRecord> records,
        List<EditSummary.Row> tables,
        HubControls.Report hubs,
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
        HubControls hubs = controls && settings.hubs().enabled()
                ? new HubControls(
                        NeuronFrequency.of(sets, "own"),
                        settings.hubs(),
                        model.config().intermediateSize())
                : null;
        EditExperiment experiment = new EditExperiment(model, pararel, facts, settings, seed, involved, hubs);
        List<EditExperiment.EditRecord> records = new ArrayList<>();
        Map<String, HubControls.FactHubs> drawn = new LinkedHashMap<>(); // the report's, as the edits used them
        for (Edit e : plan.edits()) {
            HubControls.FactHubs factHubs = experiment.hubsOf(e);
            if (factHubs != null) {
                drawn.put(e.fact().uuid() + "/" + e.direction().id(), factHubs);
            }
            records.add(experiment.run(e, controls, factHubs));
            progress.progress(records.size(), plan.edits().size());
        }
        HubControls.Report report = hubs == null ? null : hubs.report(sets, drawn);
        return new EditStudy(
                plan, records, EditSummary.of(records, settings.bootstrap(), seed), report, sets.warnings(model));
    }
}
