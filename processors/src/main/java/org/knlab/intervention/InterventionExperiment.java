package org.knlab.intervention;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knlab.attribution.KnowledgeNeuron;
import org.knlab.attribution.Neuron;
import org.knlab.data.ParaRel;
import org.knlab.data.Seeds;
import org.knlab.errors.InvalidParameterException;
import org.knlab.experiments.ProgressListener;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.neurons.NeuronSet;
import org.knlab.nn.LanguageModel;

/**
 * Interventions on each fact's knowledge neurons, measured on the chosen evaluation sets next to
 * the same interventions on N random neuron sets matched in size and layer histogram, and
 * (optionally) on the gradient-matched set; optionally the pseudo-perplexity of held-out sentences.
 */
public final class InterventionExperiment {

    /** Where a fact's cells are kept: an evaluation set id, or {@link #PERPLEXITY}. */
    public static final String PERPLEXITY = "perplexity";

    /**
     * One fact × evaluation × intervention: outcomes of the knowledge neurons, of the
     * gradient-matched set (null when not asked for), of each control set, of the hub-free set (null
     * when not asked for) and of each hub-matched set (empty when none: not asked for, no exact match,
     * or on the perplexity sentences).
     */
    public record Cell(
            List<PromptOutcome> neurons,
            List<PromptOutcome> gradientMatched,
            List<List<PromptOutcome>> controls,
            List<PromptOutcome> hubFree,
            List<List<PromptOutcome>> hubMatched) {

        public Cell {
            hubMatched = hubMatched == null ? List.of() : hubMatched;
        }
    }

    /** A fact's cells by evaluation (or perplexity) and intervention, and the facts each evaluation drew. */
    public record FactRecord(
            NeuronSet fact, Map<String, List<String>> evaluatedFacts, Map<String, Map<InterventionKind, Cell>> cells) {}

    private final LanguageModel model;
    private final ParaRel pararel;
    private final InterventionSettings settings;
    private final long seed;
    private final InterventionRunner runner;
    private final EvaluationSets evaluationSets;

    public InterventionExperiment(LanguageModel model, ParaRel pararel, InterventionSettings settings, long seed) {
        this.model = model;
        this.pararel = pararel;
        this.settings = settings;
        this.seed = seed;
        this.runner = new InterventionRunner(model, settings.maxRows());
        this.evaluationSets = new EvaluationSets(pararel, model.tokenizer(), seed);
    }

    /**
     * Each fact's cells on the settings' evaluation sets for these facts ({@link InterventionSettings#evaluations});
     * asking explicitly for the held-out evaluation of sets that have no held-out split is an error.
     *
     * @param hubs each fact's hub-aware sets by uuid (facts without an entry get none)
     */
    public List<FactRecord> run(
            List<NeuronSet> facts, Map<String, HubControls.FactHubs> hubs, ProgressListener progress) {
        List<EvaluationSet> evaluations = settings.evaluations(hasHeldOutSplits(facts));
        if (evaluations.contains(EvaluationSet.HELD_OUT)) {
            facts.stream().filter(f -> !f.hasHeldOutSplit()).findFirst().ifPresent(f -> {
                throw new InvalidParameterException(
                        "evaluate",
                        "the held-out evaluation needs neuron sets with a held-out"
                                + " split, and the set of fact " + f.uuid()
                                + " has none (imported sets were chosen on all"
                                + " prompts); leave out held-out, or find the neurons with knowledge-neurons and heldOut > 0");
            });
        }
        ReplacementValues means = settings.interventions().contains(InterventionKind.MEAN_ABLATION)
                ? MaskActivations.of(model, ReferencePrompts.draw(pararel, settings.meanReferencePrompts(), seed))
                        .mean()
                : null;
        Set<String> involved = new HashSet<>();
        facts.forEach(f -> involved.add(f.uuid()));
        PerplexitySentences sentences = settings.perplexitySentences() > 0
                ? PerplexitySentences.draw(pararel, model.tokenizer(), settings.perplexitySentences(), involved, seed)
                : null;
        List<FactRecord> out = new ArrayList<>();
        for (NeuronSet f : facts) {
            out.add(runFact(f, hubs.get(f.uuid()), evaluations, means, sentences));
            progress.progress(out.size(), facts.size());
        }
        return out;
    }

    /** True when every set has a held-out split. */
    public static boolean hasHeldOutSplits(List<NeuronSet> facts) {
        return facts.stream().allMatch(NeuronSet::hasHeldOutSplit);
    }

    private FactRecord runFact(
            NeuronSet f,
            HubControls.FactHubs hubs,
            List<EvaluationSet> evaluations,
            ReplacementValues means,
            PerplexitySentences sentences) {
        List<Neuron> neurons = f.neurons().stream().map(KnowledgeNeuron::neuron).toList();
        List<List<Neuron>> controls = ControlSets.matchedRandom(
                neurons, model.config().intermediateSize(), settings.controls(), Seeds.of(seed, f.uuid()));
        List<Neuron> gradientMatched = settings.gradientControls()
                ? ControlSets.topScoring(neurons, gradientScores(evaluationSets.of(f, EvaluationSet.OWN)))
                : null;
        Map<InterventionKind, Intervention> interventions = new LinkedHashMap<>();
        for (InterventionKind kind : settings.interventions()) {
            interventions.put(kind, resolve(kind, f, means));
        }
        Map<String, List<String>> evaluated = new LinkedHashMap<>();
        Map<String, Map<InterventionKind, Cell>> cells = new LinkedHashMap<>();
        for (EvaluationSet set : evaluations) {
            EvaluationSets.Prompts prompts = evaluationSets.of(f, set);
            evaluated.put(set.id(), prompts.sourceFacts());
            if (!prompts.isEmpty()) {
                cells.put(
                        set.id(),
                        measure(
                                ClozeBatch.of(model.tokenizer(), prompts.prompts()),
                                prompts.gold(),
                                interventions,
                                neurons,
                                gradientMatched,
                                controls,
                                hubs));
            }
        }
        if (sentences != null) {
            cells.put(
                    PERPLEXITY,
                    measure(
                            sentences.rows(),
                            sentences.gold(),
                            interventions,
                            neurons,
                            gradientMatched,
                            controls.subList(0, settings.perplexityControls()),
                            null));
        }
        return new FactRecord(f, evaluated, cells);
    }

    private Map<InterventionKind, Cell> measure(
            ClozeBatch batch,
            int[] gold,
            Map<InterventionKind, Intervention> ivs,
            List<Neuron> neurons,
            List<Neuron> gradientMatched,
            List<List<Neuron>> controls,
            HubControls.FactHubs hubs) {
        // one batch of sets, in this order: the neurons, [gradient-matched], controls, [hub-free], hub-matched
        List<Neuron> hubFree = hubs == null ? null : hubs.hubFree();
        List<List<Neuron>> hubMatched = hubs == null ? List.of() : hubs.matched();
        List<List<Neuron>> sets = new ArrayList<>();
        sets.add(neurons);
        if (gradientMatched != null) {
            sets.add(gradientMatched);
        }
        int firstControl = sets.size();
        sets.addAll(controls);
        int hubFreeAt = sets.size();
        if (hubFree != null) {
            sets.add(hubFree);
        }
        int firstHubMatched = sets.size();
        sets.addAll(hubMatched);
        List<List<List<PromptOutcome>>> byIntervention = runner.run(batch, gold, List.copyOf(ivs.values()), sets);
        Map<InterventionKind, Cell> out = new LinkedHashMap<>();
        int i = 0;
        for (InterventionKind kind : ivs.keySet()) {
            List<List<PromptOutcome>> r = byIntervention.get(i++);
            out.put(
                    kind,
                    new Cell(
                            r.get(0),
                            gradientMatched == null ? null : r.get(1),
                            r.subList(firstControl, hubFreeAt),
                            hubFree == null ? null : r.get(hubFreeAt),
                            r.subList(firstHubMatched, r.size())));
        }
        return out;
    }

    private Intervention resolve(InterventionKind kind, NeuronSet f, ReplacementValues means) {
        return switch (kind) {
            case SUPPRESS -> Intervention.suppress();
            case AMPLIFY -> Intervention.amplify(settings.factor().floatValue());
            case MEAN_ABLATION -> Intervention.replace(kind, means);
            case RESAMPLE ->
                Intervention.replace(
                        kind,
                        MaskActivations.of(model, evaluationSets.donor(f).prompts())
                                .resample());
            case UNK_SLOT, ZERO_SLOT -> Intervention.valueSlot(kind);
        };
    }

    private float[][] gradientScores(EvaluationSets.Prompts own) {
        return GradientScores.meanAbsolute(model, own.prompts(), own.gold(), seed);
    }
}
