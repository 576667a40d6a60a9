package org.knlab.intervention;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.knlab.attribution.KnowledgeNeuronFinder;
import org.knlab.attribution.KnowledgeNeuronFinder.FactScores;
import org.knlab.attribution.KnowledgeNeuronsSettings;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.experiments.ProgressListener;
import org.knlab.neurons.NeuronFrequency;
import org.knlab.neurons.NeuronSet;
import org.knlab.nn.LanguageModel;

/**
 * Dai et al.'s Figures 3 and 4 rerun with controls: knowledge neurons by the authors' protocol
 * (no held-out prompts), then suppress and amplify ×2 on the fact's own prompts ("related") and on
 * a fact of another relation ("unrelated"), per relation, with matched random and gradient-matched
 * controls, both aggregations and accuracy; plus the random-dropout reference curve.
 *
 * <p>The work is two per-fact phases with a join after each, so that shards of facts can run on
 * different workers: {@link #attribute} (per fact) → {@link #neurons} (join: p tuned per relation,
 * sets refined, the dropout sample) → {@link #measure} (per fact, every random draw seeded by the
 * seed and the fact id) → {@link #result} (join: tables, figures, dropout curve). {@link #run} is
 * the same chain in one process, so a sharded and an unsharded run give identical results.
 */
public final class KnFiguresReplication {

    public record Result(
            KnowledgeNeuronFinder.Result neurons,
            InterventionSummary.Tables tables,
            List<FigureRow> figures,
            DropoutCurve dropout,
            HubControls.Report hubs) {}

    /**
     * The first join: every fact's knowledge neurons, the ids of the facts the dropout curve runs on,
     * and each fact's hub-aware sets (hubs by the frequencies of all the run's sets; empty when off).
     */
    public record Neurons(
            KnowledgeNeuronFinder.Result result, List<String> dropoutFacts, Map<String, HubControls.FactHubs> hubs) {}

    /** One fact's measurements: its intervention cells and, when it is in the dropout sample, its dropout outcomes. */
    public record FactMeasurement(InterventionExperiment.FactRecord record, DropoutCurve.FactDropout dropout) {}

    private final LanguageModel model;
    private final ParaRel pararel;

    public KnFiguresReplication(LanguageModel model, ParaRel pararel) {
        this.model = model;
        this.pararel = pararel;
    }

    /** Progress counts facts twice: once when their neurons are found, once when they are measured. */
    public Result run(List<Fact> facts, ReplicationSettings s, long seed, ProgressListener progress) {
        int total = 2 * facts.size() + 1;
        List<FactScores> scores = new ArrayList<>();
        for (Fact f : facts) {
            scores.add(attribute(f, s, seed));
            progress.progress(scores.size(), total);
        }
        Neurons neurons = neurons(scores, s, seed);
        List<FactMeasurement> measured = measure(
                neurons.result().facts(),
                Set.copyOf(neurons.dropoutFacts()),
                neurons.hubs(),
                s,
                seed,
                (done, all) -> progress.progress(facts.size() + done, total));
        Result result = result(neurons, measured, s, seed);
        progress.progress(total, total);
        return result;
    }

    /** Phase 1, one fact: its attribution by the authors' protocol (all prompts select). */
    public FactScores attribute(Fact fact, ReplicationSettings s, long seed) {
        return new KnowledgeNeuronFinder(model)
                .attribute(
                        KnowledgeNeuronFinder.FactPrompts.of(fact, pararel),
                        neuronSettings(s),
                        seed,
                        KnowledgeNeuronFinder.ScoreSink.NONE);
    }

    /** Join 1 over every fact's scores, in fact order. */
    public Neurons neurons(List<FactScores> scores, ReplicationSettings s, long seed) {
        KnowledgeNeuronFinder.Result result = new KnowledgeNeuronFinder(model).refine(scores, neuronSettings(s), seed);
        List<String> sample = DropoutCurve.sample(result.facts(), s.dropoutFacts(), seed).stream()
                .map(NeuronSet::uuid)
                .toList();
        return new Neurons(result, sample, hubControls(result, s).forFacts(result.facts(), seed));
    }

    private HubControls hubControls(KnowledgeNeuronFinder.Result neurons, ReplicationSettings s) {
        return new HubControls(
                NeuronFrequency.of(neurons.sets(), "own"),
                s.hubs(),
                model.config().intermediateSize());
    }

    /**
     * Phase 2, some facts: the interventions with their controls (and hub-aware sets from {@code hubs}),
     * and the dropout draws of those in {@code dropoutFacts}.
     */
    public List<FactMeasurement> measure(
            List<NeuronSet> facts,
            Set<String> dropoutFacts,
            Map<String, HubControls.FactHubs> hubs,
            ReplicationSettings s,
            long seed,
            ProgressListener progress) {
        InterventionSettings figures =
                InterventionSettings.paperFigures(s.controls(), s.bootstrap(), s.interventionMaxRows(), s.hubs());
        List<InterventionExperiment.FactRecord> records =
                new InterventionExperiment(model, pararel, figures, seed).run(facts, hubs, progress);
        EvaluationSets own = new EvaluationSets(pararel, model.tokenizer(), seed);
        List<FactMeasurement> out = new ArrayList<>();
        for (InterventionExperiment.FactRecord r : records) {
            NeuronSet f = r.fact();
            DropoutCurve.FactDropout dropout = dropoutFacts.contains(f.uuid())
                    ? DropoutCurve.ofFact(
                            model,
                            own.of(f, EvaluationSet.OWN),
                            f.uuid(),
                            DropoutCurve.DEFAULT_FRACTIONS,
                            s.dropoutRepeats(),
                            seed,
                            s.interventionMaxRows())
                    : null;
            out.add(new FactMeasurement(r, dropout));
        }
        return out;
    }

    /**
     * Join 2: the tables, the paper's figure rows, the dropout curve (its facts in sample order) and the
     * hub report of the hub-aware sets join 1 drew.
     */
    public Result result(Neurons found, List<FactMeasurement> measured, ReplicationSettings s, long seed) {
        KnowledgeNeuronFinder.Result neurons = found.result();
        List<InterventionExperiment.FactRecord> records =
                measured.stream().map(FactMeasurement::record).toList();
        InterventionSummary.Tables tables = InterventionSummary.of(records, s.bootstrap(), seed);
        Map<String, DropoutCurve.FactDropout> dropouts = measured.stream()
                .filter(m -> m.dropout() != null)
                .collect(Collectors.toMap(m -> m.dropout().uuid(), FactMeasurement::dropout));
        List<DropoutCurve.FactDropout> sample = DropoutCurve.sample(neurons.facts(), s.dropoutFacts(), seed).stream()
                .map(NeuronSet::uuid)
                .map(dropouts::get)
                .toList();
        DropoutCurve dropout = DropoutCurve.of(
                sample,
                DropoutCurve.DEFAULT_FRACTIONS,
                s.dropoutRepeats(),
                model.config().numLayers() * model.config().intermediateSize());
        HubControls.Report hubs = null;
        if (s.hubs().enabled()) {
            hubs = hubControls(neurons, s).report(neurons.sets(), found.hubs());
        }
        return new Result(neurons, tables, FigureRow.of(tables, neurons), dropout, hubs);
    }

    private static KnowledgeNeuronsSettings neuronSettings(ReplicationSettings s) {
        return new KnowledgeNeuronsSettings(s.attribution(), "authors", null, null, 0.0);
    }
}
