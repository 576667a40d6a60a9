package org.knlab.intervention;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knlab.data.ParaRel;
import org.knlab.experiments.ProgressListener;
import org.knlab.neurons.NeuronFrequency;
import org.knlab.neurons.NeuronSetCodec;
import org.knlab.neurons.NeuronSets;
import org.knlab.nn.LanguageModel;

/**
 * The whole {@code interventions} experiment on given neuron sets, as the Kafka step and
 * {@code kn interventions} both run it: each fact's cells, the tables with bootstrap CIs, the
 * optional dropout curve on the first {@code dropoutFacts} facts, and warnings about the sets
 * (found on another model, facts skipped) and about default evaluation sets they could not serve.
 * Hubs are the neurons frequent in the sets themselves, or in the {@code hubSource} population.
 *
 * @param dropout null when {@code dropoutRepeats} is 0
 * @param hubs null when the settings ask for no hub-aware sets
 */
public record InterventionStudy(
        List<InterventionExperiment.FactRecord> records,
        InterventionSummary.Tables tables,
        DropoutCurve dropout,
        HubControls.Report hubs,
        List<String> warnings) {

    /** Fewer facts than this make a coarse frequency table: one set alone is a share of 1/facts. */
    static final int FEW_FACTS_FOR_HUBS = 50;

    public static InterventionStudy run(
            LanguageModel model,
            ParaRel pararel,
            NeuronSets sets,
            InterventionSettings settings,
            long seed,
            ProgressListener progress) {
        List<String> warnings = new ArrayList<>(sets.warnings(model));
        HubControls.Report report = null;
        Map<String, HubControls.FactHubs> hubs = Map.of();
        if (settings.hubs().enabled()) {
            NeuronSets population = sets;
            NeuronFrequency frequency;
            if (settings.hubSource() != null) {
                population = NeuronSetCodec.forModel(pararel, model).read(settings.hubSource(), "hubSource");
                frequency =
                        NeuronFrequency.of(population, population.provenance().source());
                frequency.requireModel(model.identity(), "hubSource");
                population.warnings(model).forEach(w -> warnings.add("hubSource: " + w));
            } else {
                frequency = NeuronFrequency.of(population, "own");
            }
            if (population.sets().size() < FEW_FACTS_FOR_HUBS) {
                warnings.add(
                        "the neuron frequencies come from " + population.sets().size()
                                + " facts' sets: one set alone is a share of 1/"
                                + population.sets().size()
                                + ", so frequency bands and hubs are coarse (give a larger hubSource)");
            }
            HubControls controls =
                    new HubControls(frequency, settings.hubs(), model.config().intermediateSize());
            hubs = controls.forFacts(sets.sets(), seed);
            report = controls.report(population, hubs);
        } else if (settings.hubSource() != null) {
            warnings.add("hubSource is not read: hubControls is 0 and hubFree false, so no control uses hubs");
        }
        List<InterventionExperiment.FactRecord> records =
                new InterventionExperiment(model, pararel, settings, seed).run(sets.sets(), hubs, progress);
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
        settings.evaluationWarning(InterventionExperiment.hasHeldOutSplits(sets.sets()))
                .ifPresent(warnings::add);
        return new InterventionStudy(records, tables, dropout, report, warnings);
    }
}
