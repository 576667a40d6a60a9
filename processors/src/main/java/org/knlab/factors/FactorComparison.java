package org.knlab.factors;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.knlab.attribution.AttributionResult;
import org.knlab.attribution.IntegratedGradients;
import org.knlab.attribution.LayerCoordinates;
import org.knlab.attribution.Neuron;
import org.knlab.attribution.Quadrature;
import org.knlab.attribution.Refinement;
import org.knlab.attribution.RefinementRule;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.data.Seeds;
import org.knlab.experiments.ProgressListener;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.intervention.Bootstrap;
import org.knlab.intervention.EvaluationSet;
import org.knlab.intervention.EvaluationSets;
import org.knlab.intervention.InterventionRunner;
import org.knlab.intervention.MaskActivations;
import org.knlab.intervention.OutputComparison;
import org.knlab.intervention.PromptOutcome;
import org.knlab.neurons.NeuronSet;
import org.knlab.nn.DirectionIntervention;
import org.knlab.nn.Hooks;
import org.knlab.nn.LanguageModel;
import org.knlab.sae.SaeSet;

/**
 * Neurons or directions? Per fact, its knowledge neurons against its top factors of each
 * factorisation — ranked by integrated gradients in factor coordinates on the fact's own prompts,
 * in the layers of the relation's knowledge neurons — and against random directions in the same
 * layers, each removed at [MASK] (neurons zeroed; a factor's contribution c_k b_k, or a random
 * unit direction's component (a·u)u, subtracted). Compared at the same number of units ({@code kn} =
 * the fact's neuron count, and each of {@code sizes}), and at the neurons' count with every change
 * rescaled to the neurons' ‖Δa‖ per prompt ({@code equal-norm}): the relative change of P(gold)
 * (ratio of means − 1) on the own, held-out, same-relation and other-relation prompts. The
 * "knowledge factors" — those the neurons' refinement rule keeps from the factor attribution — are
 * removed too, at their own count ({@code refined}).
 */
public final class FactorComparison {

    public static final String NEURONS = "neurons";
    /** Random directions in the layers of a factorisation's chosen factors: "random-directions:nmf". */
    public static final String RANDOM = "random-directions";

    public static final String SAME_SIZE = "same-size";
    public static final String EQUAL_NORM = "equal-norm";
    public static final String OWN_SIZE = "kn";
    /** The factors the neurons' refinement rule keeps ("knowledge factors"), at their own count. */
    public static final String KNOWLEDGE_FACTORS = "knowledge-factors";

    public static final String REFINED = "refined";

    /** The units-needed curve: the top units by integrated gradients removed on the own prompts. */
    public static final String CURVE = "curve";
    /** Single neurons ranked by integrated gradients (the curve's and purity's neuron units). */
    public static final String NEURONS_BY_IG = "neurons:ig";
    /** Random units of the same layers, among those active on the fact's own prompts: "random-units:sae". */
    public static final String RANDOM_UNITS = "random-units";

    private static final List<EvaluationSet> EVALUATIONS = List.of(
            EvaluationSet.OWN, EvaluationSet.HELD_OUT, EvaluationSet.SAME_RELATION, EvaluationSet.OTHER_RELATION);

    /** How well one layer's factors fit the relation's sample. */
    public record LayerFit(String relation, String factorisation, int layer, int rank, double relativeError) {}

    /**
     * One fact's relative change of P(gold) for a unit on an evaluation set, and the shares of its prompts
     * whose top-1 leaves the gold ({@code flipsOut}) or reaches it ({@code flipsIn}) (random: means over
     * draws).
     */
    public record Effect(
            String unit,
            String scale,
            String size,
            String evaluation,
            double change,
            double flipsOut,
            double flipsIn,
            double touched) {}

    /**
     * A unit type's top unit (by integrated gradients) for a fact, read off its top-activating prompts in
     * a pool of all relations' prompts: the share of the most common relation among them, of the most
     * common object, and of the fact's own relation.
     */
    public record Purity(
            String unit, int layer, int index, double relationPurity, double objectPurity, double ownRelationShare) {}

    /**
     * One fact: its neuron count, its knowledge factors per factorisation (the refinement rule), its
     * effects, how many top units of each type remove {@code removalTarget} of P(gold) on its own
     * prompts (null: more than the curve's largest size), and its units' purity.
     */
    public record FactResult(
            String uuid,
            String relation,
            int neurons,
            Map<String, Integer> knowledgeFactors,
            List<Effect> effects,
            Map<String, Integer> unitsNeeded,
            List<Purity> purity) {}

    /** Mean change over facts with a bootstrap CI, and the mean flip rates. */
    public record Row(
            String unit,
            String scale,
            String size,
            String evaluation,
            int facts,
            double meanChange,
            double ciLow,
            double ciHigh,
            double flipsOut,
            double flipsIn,
            double touched) {}

    /**
     * Per unit type: the facts whose P(gold) on their own prompts falls by the target within the curve's
     * sizes (share), and the median units needed over all facts (null when more than half need more).
     */
    public record NeededRow(String unit, int facts, double reached, Integer medianNeeded) {}

    /** Per unit type: mean purity of its facts' top units. */
    public record PurityRow(
            String unit, int facts, double relationPurity, double objectPurity, double ownRelationShare) {}

    public record Study(
            String dictionary,
            List<LayerFit> fits,
            List<FactResult> facts,
            int skipped,
            List<Row> table,
            List<NeededRow> unitsNeeded,
            List<PurityRow> purity) {}

    /** A factor of a layer. */
    private record Slot(int layer, int index) {}

    /**
     * One change to evaluate: its Δa per prompt and layer, and the size rows it counts in (two when a
     * fact's own neuron count is also one of the asked sizes: under {@code kn} and under that size).
     */
    private record Unit(String unit, String scale, List<String> sizes, List<Map<Integer, double[]>> deltas) {}

    private final LanguageModel model;
    private final ParaRel pararel;
    private final Path modelStore;

    /** {@code modelStore}: where {@code train-sae} keeps its dictionaries (read for the {@code sae} kind). */
    public FactorComparison(LanguageModel model, ParaRel pararel, Path modelStore) {
        this.model = model;
        this.pararel = pararel;
        this.modelStore = modelStore;
    }

    /** The prompts whose top activations tell a unit's purity: one prompt of each of a seeded sample of facts. */
    private record Pool(List<String> relations, List<String> objects, float[][][] activations) {}

    public Study run(List<NeuronSet> sets, FactorsSettings settings, long seed, ProgressListener progress) {
        EvaluationSets evaluation = new EvaluationSets(pararel, model.tokenizer(), seed);
        SaeSet saes = settings.factorisations().contains(FactorKind.SAE)
                ? SaeSet.open(modelStore, model, settings.dictionary())
                : null;
        Map<String, List<NeuronSet>> byRelation = new TreeMap<>();
        int skipped = 0;
        for (NeuronSet s : sets) {
            if (s.neurons().isEmpty()) {
                skipped++;
            } else {
                byRelation.computeIfAbsent(s.relation(), r -> new ArrayList<>()).add(s);
            }
        }
        Pool pool = pool(evaluation, settings, seed);
        // each SAE layer's arrays go to the engine once for the whole study, and are freed with it
        try (NDManager dictionaries = model.newScope()) {
            return compare(byRelation, skipped, evaluation, settings, seed, saes, dictionaries, pool, progress);
        }
    }

    private Study compare(
            Map<String, List<NeuronSet>> byRelation,
            int skipped,
            EvaluationSets evaluation,
            FactorsSettings settings,
            long seed,
            SaeSet saes,
            NDManager dictionaries,
            Pool pool,
            ProgressListener progress) {
        Map<Integer, SaeLayer> saeLayers = new TreeMap<>();
        IntFunction<SaeLayer> saeLayer = layer -> saeLayers.computeIfAbsent(
                layer, l -> saes.layers().contains(l) ? SaeLayer.load(l, saes.dictionary(l), dictionaries) : null);
        Map<Integer, double[][]> saePoolCoefficients = new TreeMap<>(); // the same dictionary for every relation
        List<LayerFit> fits = new ArrayList<>();
        List<FactResult> facts = new ArrayList<>();
        int total = byRelation.values().stream().mapToInt(List::size).sum();
        for (Map.Entry<String, List<NeuronSet>> relation : byRelation.entrySet()) {
            TreeSet<Integer> layers = relation.getValue().stream()
                    .flatMap(s -> s.neuronList().stream())
                    .map(Neuron::layer)
                    .collect(Collectors.toCollection(TreeSet::new));
            Map<FactorKind, Map<Integer, LayerBasis>> factors =
                    fit(relation.getKey(), layers, evaluation, settings, seed, saeLayer);
            factors.forEach((kind, byLayer) -> byLayer.values()
                    .forEach(f -> fits.add(
                            new LayerFit(relation.getKey(), kind.id(), f.layer(), f.rank(), f.relativeError()))));
            Map<FactorKind, Map<Integer, double[][]>> poolCoefficients = new LinkedHashMap<>();
            factors.forEach((kind, byLayer) -> {
                Map<Integer, double[][]> c = new TreeMap<>();
                byLayer.forEach((l, f) -> c.put(
                        l,
                        kind == FactorKind.SAE
                                ? saePoolCoefficients.computeIfAbsent(
                                        l, x -> f.coefficients(rows(pool.activations(), l)))
                                : f.coefficients(rows(pool.activations(), l))));
                poolCoefficients.put(kind, c);
            });
            for (NeuronSet set : relation.getValue()) {
                facts.add(fact(set, layers, factors, evaluation, settings, seed, pool, poolCoefficients));
                progress.progress(facts.size(), total);
            }
        }
        return new Study(
                saes == null ? null : saes.id(),
                fits,
                facts,
                skipped,
                table(facts, settings, seed),
                needed(facts, settings),
                purityTable(facts));
    }

    /** One prompt of each of {@code purityPrompts} seeded facts of every relation, with their activations. */
    private Pool pool(EvaluationSets evaluation, FactorsSettings settings, long seed) {
        List<Fact> all = new ArrayList<>();
        evaluation.relations().forEach(r -> all.addAll(evaluation.factsOf(r)));
        Random rnd = new Random(Seeds.of(seed, "purity-pool"));
        Collections.shuffle(all, rnd);
        List<String> prompts = new ArrayList<>();
        List<String> relations = new ArrayList<>();
        List<String> objects = new ArrayList<>();
        for (Fact f : all.subList(0, Math.min(settings.purityPrompts(), all.size()))) {
            List<String> own = pararel.prompts(f);
            prompts.add(own.get(rnd.nextInt(own.size())));
            relations.add(f.relation());
            objects.add(f.object());
        }
        return new Pool(relations, objects, MaskActivations.of(model, prompts).values());
    }

    /**
     * Each factorisation of each layer, on a seeded sample of the relation's prompts; the sparse
     * autoencoder's layers (those of {@code layers} it has) are loaded, measured on the same sample.
     */
    private Map<FactorKind, Map<Integer, LayerBasis>> fit(
            String relation,
            TreeSet<Integer> layers,
            EvaluationSets evaluation,
            FactorsSettings settings,
            long seed,
            IntFunction<SaeLayer> saeLayer) {
        List<String> prompts = new ArrayList<>();
        for (Fact f : evaluation.factsOf(relation)) {
            prompts.addAll(pararel.prompts(f));
        }
        Collections.shuffle(prompts, new Random(Seeds.of(seed, relation)));
        List<String> sample = prompts.subList(0, Math.min(settings.samplePrompts(), prompts.size()));
        if (settings.factorisations().stream().anyMatch(k -> k != FactorKind.SAE)) { // fitted here: rank ≤ sample
            Factorizer.checkRank(settings.rank(), sample.size(), model.config().intermediateSize());
        }
        float[][][] values = MaskActivations.of(model, sample).values();
        Map<FactorKind, Map<Integer, LayerBasis>> out = new LinkedHashMap<>();
        for (FactorKind kind : settings.factorisations()) {
            Map<Integer, LayerBasis> byLayer = new TreeMap<>();
            for (int layer : layers) {
                if (kind == FactorKind.SAE) {
                    SaeLayer features = saeLayer.apply(layer); // none: the dictionary lacks the layer
                    if (features != null) {
                        byLayer.put(layer, features.measuredOn(rows(values, layer)));
                    }
                } else {
                    double[][] x = new double[values.length][];
                    for (int p = 0; p < values.length; p++) {
                        x[p] = toDoubles(values[p][layer]);
                    }
                    byLayer.put(layer, Factorizer.fit(kind, layer, x, settings.rank(), seed));
                }
            }
            out.put(kind, byLayer);
        }
        return out;
    }

    private FactResult fact(
            NeuronSet set,
            TreeSet<Integer> layers,
            Map<FactorKind, Map<Integer, LayerBasis>> factors,
            EvaluationSets evaluation,
            FactorsSettings settings,
            long seed,
            Pool pool,
            Map<FactorKind, Map<Integer, double[][]>> poolCoefficients) {
        EvaluationSets.Prompts own = evaluation.of(set, EvaluationSet.OWN);
        RefinementRule rule = set.promptShare() == null
                ? RefinementRule.AUTHORS
                : RefinementRule.AUTHORS.withPromptShare(set.promptShare());
        Map<FactorKind, List<Slot>> rankings = new LinkedHashMap<>();
        Map<FactorKind, List<Slot>> refined = new LinkedHashMap<>();
        Map<String, Integer> knowledgeFactors = new LinkedHashMap<>();
        IntegratedGradients ig =
                new IntegratedGradients(model, Quadrature.GAUSS_LEGENDRE, settings.factorSteps(), settings.maxRows());
        factors.forEach((kind, byLayer) -> {
            Map<Integer, LayerCoordinates> coordinates = new TreeMap<>();
            byLayer.forEach((l, f) -> coordinates.put(l, new FactorCoordinates(f)));
            if (coordinates.isEmpty()) { // e.g. a dictionary without the fact's layers
                rankings.put(kind, List.of());
                refined.put(kind, List.of());
                knowledgeFactors.put(kind.id(), 0);
                return;
            }
            List<AttributionResult> scores =
                    ig.attribute(own.prompts(), own.gold()[0], coordinates, ProgressListener.NONE);
            List<Slot> refinedSlots =
                    Refinement.refine(
                                    scores.stream()
                                            .map(r -> Refinement.coarse(r.scores(), rule))
                                            .toList(),
                                    rule)
                            .stream()
                            .map(kn -> new Slot(kn.layer(), kn.index()))
                            .toList();
            knowledgeFactors.put(kind.id(), refinedSlots.size());
            refined.put(kind, refinedSlots);
            rankings.put(kind, ranking(scores, byLayer.keySet()));
        });
        Map<Integer, LayerCoordinates> neuronCoordinates = new TreeMap<>();
        layers.forEach(l -> neuronCoordinates.put(l, LayerCoordinates.NEURONS));
        List<Slot> neuronRanking =
                ranking(ig.attribute(own.prompts(), own.gold()[0], neuronCoordinates, ProgressListener.NONE), layers);
        float[][][] ownActivations = MaskActivations.of(model, own.prompts()).values();
        // the own prompts' coefficients serve the random units' pool, the own evaluation and the curve
        Map<FactorKind, List<Map<Integer, double[]>>> ownCoefficients = coefficientsOf(factors, ownActivations);
        Map<FactorKind, Map<Integer, List<Integer>>> active = activeUnits(factors, ownCoefficients);

        int k = set.neurons().size();
        List<Effect> effects = new ArrayList<>();
        for (EvaluationSet e : EVALUATIONS) {
            EvaluationSets.Prompts prompts =
                    e == EvaluationSet.HELD_OUT && !set.hasHeldOutSplit() ? null : evaluation.of(set, e);
            if (prompts == null || prompts.isEmpty()) {
                continue;
            }
            float[][][] activations = e == EvaluationSet.OWN
                    ? ownActivations
                    : MaskActivations.of(model, prompts.prompts()).values();
            Map<FactorKind, List<Map<Integer, double[]>>> coefficients =
                    e == EvaluationSet.OWN ? ownCoefficients : coefficientsOf(factors, activations);
            List<Unit> units =
                    units(set, factors, rankings, refined, active, activations, coefficients, settings, seed);
            effects.addAll(measure(prompts, units, e.id(), settings));
        }
        List<Effect> curve = measure(
                own,
                curveUnits(neuronRanking, factors, rankings, ownActivations, ownCoefficients, settings),
                EvaluationSet.OWN.id(),
                settings);
        effects.addAll(curve);
        List<Purity> purity = new ArrayList<>();
        if (!neuronRanking.isEmpty()) {
            Slot top = neuronRanking.get(0);
            double[] values = new double[pool.activations().length];
            for (int p = 0; p < values.length; p++) {
                values[p] = pool.activations()[p][top.layer()][top.index()];
            }
            purity.add(purity(NEURONS_BY_IG, top, values, set.relation(), pool, settings));
        }
        rankings.forEach((kind, ranked) -> {
            if (!ranked.isEmpty()) {
                Slot top = ranked.get(0);
                double[][] c = poolCoefficients.get(kind).get(top.layer());
                double[] values = new double[c.length];
                for (int p = 0; p < c.length; p++) {
                    values[p] = c[p][top.index()];
                }
                purity.add(purity(kind.id(), top, values, set.relation(), pool, settings));
            }
        });
        return new FactResult(
                set.uuid(), set.relation(), k, knowledgeFactors, effects, unitsNeeded(curve, settings), purity);
    }

    /**
     * Per kind and layer, the units whose coefficient is non-zero on some of the prompts (random units'
     * pool), from the prompts' coefficients ([prompt] layer → c, per kind).
     */
    private static Map<FactorKind, Map<Integer, List<Integer>>> activeUnits(
            Map<FactorKind, Map<Integer, LayerBasis>> factors,
            Map<FactorKind, List<Map<Integer, double[]>>> coefficients) {
        Map<FactorKind, Map<Integer, List<Integer>>> out = new LinkedHashMap<>();
        factors.forEach((kind, byLayer) -> {
            Map<Integer, List<Integer>> perLayer = new TreeMap<>();
            byLayer.forEach((l, f) -> {
                List<Integer> units = new ArrayList<>();
                for (int u = 0; u < f.rank(); u++) {
                    for (Map<Integer, double[]> prompt : coefficients.get(kind)) {
                        if (prompt.get(l)[u] != 0) {
                            units.add(u);
                            break;
                        }
                    }
                }
                perLayer.put(l, units);
            });
            out.put(kind, perLayer);
        });
        return out;
    }

    /** The curve: the top n neurons (by IG) and the top n units of each kind removed, n in {@code curveSizes}. */
    private static List<Unit> curveUnits(
            List<Slot> neuronRanking,
            Map<FactorKind, Map<Integer, LayerBasis>> factors,
            Map<FactorKind, List<Slot>> rankings,
            float[][][] a,
            Map<FactorKind, List<Map<Integer, double[]>>> coefficients,
            FactorsSettings settings) {
        List<Unit> units = new ArrayList<>();
        int width = a.length == 0 ? 0 : a[0][0].length;
        for (int n : settings.curveSizes()) {
            List<Neuron> top = neuronRanking.subList(0, Math.min(n, neuronRanking.size())).stream()
                    .map(s -> new Neuron(s.layer(), s.index()))
                    .toList();
            units.add(new Unit(NEURONS_BY_IG, CURVE, List.of(Integer.toString(n)), removeNeurons(top, a, width)));
            factors.forEach((kind, byLayer) -> {
                List<Slot> ranked = rankings.get(kind);
                if (!ranked.isEmpty()) {
                    List<Slot> chosen = ranked.subList(0, Math.min(n, ranked.size()));
                    units.add(new Unit(
                            kind.id(),
                            CURVE,
                            List.of(Integer.toString(n)),
                            removeFactors(byLayer, chosen, coefficients.get(kind))));
                }
            });
        }
        return units;
    }

    /** Per unit type, the smallest curve size whose removal lowers P(gold) by the target (null: none does). */
    private static Map<String, Integer> unitsNeeded(List<Effect> curve, FactorsSettings settings) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Effect e : curve) {
            out.putIfAbsent(e.unit(), null);
            int n = Integer.parseInt(e.size());
            if (e.change() <= -settings.removalTarget() && (out.get(e.unit()) == null || n < out.get(e.unit()))) {
                out.put(e.unit(), n);
            }
        }
        return out;
    }

    /** A unit's purity from its {@code purityTop} highest values over the pool. */
    private static Purity purity(
            String unit, Slot slot, double[] values, String relation, Pool pool, FactorsSettings settings) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -values[i]).thenComparingInt(i -> i));
        int top = Math.min(settings.purityTop(), order.length);
        Map<String, Integer> relations = new HashMap<>();
        Map<String, Integer> objects = new HashMap<>();
        for (int i = 0; i < top; i++) {
            relations.merge(pool.relations().get(order[i]), 1, Integer::sum);
            objects.merge(pool.objects().get(order[i]), 1, Integer::sum);
        }
        return new Purity(
                unit,
                slot.layer(),
                slot.index(),
                Collections.max(relations.values()) / (double) top,
                Collections.max(objects.values()) / (double) top,
                relations.getOrDefault(relation, 0) / (double) top);
    }

    /** Factors by their mean integrated-gradients score over the own prompts, highest first. */
    private static List<Slot> ranking(List<AttributionResult> scores, Set<Integer> layers) {
        Map<Slot, Double> mean = new HashMap<>();
        for (AttributionResult r : scores) {
            layers.forEach(l -> {
                for (int i = 0; i < r.scores()[l].length; i++) {
                    mean.merge(new Slot(l, i), (double) r.scores()[l][i] / scores.size(), Double::sum);
                }
            });
        }
        return mean.entrySet().stream()
                .sorted(Map.Entry.<Slot, Double>comparingByValue()
                        .reversed()
                        .thenComparing(en -> en.getKey().layer())
                        .thenComparing(en -> en.getKey().index()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Every change compared on one evaluation set, with its Δa per prompt and layer. */
    private List<Unit> units(
            NeuronSet set,
            Map<FactorKind, Map<Integer, LayerBasis>> factors,
            Map<FactorKind, List<Slot>> rankings,
            Map<FactorKind, List<Slot>> refined,
            Map<FactorKind, Map<Integer, List<Integer>>> active,
            float[][][] a,
            Map<FactorKind, List<Map<Integer, double[]>>> coefficients,
            FactorsSettings settings,
            long seed) {
        int width = model.config().intermediateSize();
        int k = set.neurons().size();
        List<Map<Integer, double[]>> neurons = removeNeurons(set.neuronList(), a, width);
        List<Unit> units = new ArrayList<>(List.of(new Unit(NEURONS, SAME_SIZE, List.of(OWN_SIZE), neurons)));
        TreeSet<Integer> sizes = new TreeSet<>(settings.sizes());
        sizes.add(k);
        for (int size : sizes) {
            List<String> labels = size != k
                    ? List.of(Integer.toString(size))
                    : settings.sizes().contains(k) ? List.of(OWN_SIZE, Integer.toString(k)) : List.of(OWN_SIZE);
            for (FactorKind kind : factors.keySet()) {
                if (rankings.get(kind).isEmpty()) {
                    continue;
                }
                List<Slot> chosen = rankings.get(kind)
                        .subList(0, Math.min(size, rankings.get(kind).size()));
                List<Map<Integer, double[]>> deltas = removeFactors(factors.get(kind), chosen, coefficients.get(kind));
                addWithEqualNorm(units, kind.id(), labels, deltas, neurons, size == k);
                for (int d = 0; d < settings.controls(); d++) {
                    Random rnd =
                            new Random(Seeds.of(seed, set.uuid(), (31L * size + d) ^ ((long) kind.ordinal() << 40)));
                    List<Map<Integer, double[]>> random = randomRemovals(chosen, a, width, rnd);
                    addWithEqualNorm(units, RANDOM + ":" + kind.id(), labels, random, neurons, size == k);
                    List<Slot> others = randomUnits(chosen, active.get(kind), rnd);
                    addWithEqualNorm(
                            units,
                            RANDOM_UNITS + ":" + kind.id(),
                            labels,
                            removeFactors(factors.get(kind), others, coefficients.get(kind)),
                            neurons,
                            size == k);
                }
            }
        }
        for (FactorKind kind : factors.keySet()) {
            if (!refined.get(kind).isEmpty()) {
                List<Map<Integer, double[]>> deltas =
                        removeFactors(factors.get(kind), refined.get(kind), coefficients.get(kind));
                addWithEqualNorm(units, KNOWLEDGE_FACTORS + ":" + kind.id(), List.of(REFINED), deltas, neurons, true);
            }
        }
        return units;
    }

    /** Per prompt, Δa = −a at the given neurons (zeroed), layer by layer. */
    private static List<Map<Integer, double[]>> removeNeurons(List<Neuron> chosen, float[][][] a, int width) {
        List<Map<Integer, double[]>> out = new ArrayList<>();
        for (float[][] prompt : a) {
            Map<Integer, double[]> delta = new TreeMap<>();
            for (Neuron neuron : chosen) {
                delta.computeIfAbsent(neuron.layer(), l -> new double[width])[neuron.index()] =
                        -prompt[neuron.layer()][neuron.index()];
            }
            out.add(delta);
        }
        return out;
    }

    /** Each prompt's coefficients per kind and layer: kind → [prompt] layer → c. */
    private static Map<FactorKind, List<Map<Integer, double[]>>> coefficientsOf(
            Map<FactorKind, Map<Integer, LayerBasis>> factors, float[][][] a) {
        Map<FactorKind, List<Map<Integer, double[]>>> out = new LinkedHashMap<>();
        factors.forEach((kind, byLayer) -> {
            List<Map<Integer, double[]>> perPrompt = new ArrayList<>();
            for (int p = 0; p < a.length; p++) {
                perPrompt.add(new TreeMap<>());
            }
            byLayer.forEach((l, f) -> {
                double[][] c = f.coefficients(rows(a, l));
                for (int p = 0; p < a.length; p++) {
                    perPrompt.get(p).put(l, c[p]);
                }
            });
            out.put(kind, perPrompt);
        });
        return out;
    }

    /**
     * For each chosen unit, another unit of its layer drawn among those active on the fact's own prompts
     * and not chosen (none when the layer has no other active unit).
     */
    private static List<Slot> randomUnits(List<Slot> chosen, Map<Integer, List<Integer>> active, Random rnd) {
        Set<Slot> taken = new HashSet<>(chosen);
        List<Slot> out = new ArrayList<>();
        for (Slot s : chosen) {
            List<Integer> pool = active.getOrDefault(s.layer(), List.of()).stream()
                    .filter(u -> !taken.contains(new Slot(s.layer(), u)))
                    .toList();
            if (!pool.isEmpty()) {
                Slot drawn = new Slot(s.layer(), pool.get(rnd.nextInt(pool.size())));
                taken.add(drawn);
                out.add(drawn);
            }
        }
        return out;
    }

    /** The unit at its own size and, when asked, rescaled to the neurons' norm (a row of the first label only). */
    private static void addWithEqualNorm(
            List<Unit> units,
            String unit,
            List<String> sizes,
            List<Map<Integer, double[]>> deltas,
            List<Map<Integer, double[]>> neurons,
            boolean alsoEqualNorm) {
        units.add(new Unit(unit, SAME_SIZE, sizes, deltas));
        if (alsoEqualNorm) {
            List<Map<Integer, double[]>> rescaled = new ArrayList<>();
            for (int p = 0; p < deltas.size(); p++) {
                rescaled.add(FactorEdit.withNorm(deltas.get(p), FactorEdit.norm(neurons.get(p))));
            }
            units.add(new Unit(unit, EQUAL_NORM, sizes.subList(0, 1), rescaled));
        }
    }

    /** Per prompt, Δa = −Σ c_k b_k over the chosen factors, layer by layer (c: each prompt's coefficients). */
    private static List<Map<Integer, double[]>> removeFactors(
            Map<Integer, LayerBasis> byLayer, List<Slot> chosen, List<Map<Integer, double[]>> coefficients) {
        Map<Integer, List<Integer>> perLayer = new TreeMap<>();
        chosen.forEach(
                s -> perLayer.computeIfAbsent(s.layer(), l -> new ArrayList<>()).add(s.index()));
        List<Map<Integer, double[]>> out = new ArrayList<>();
        for (Map<Integer, double[]> c : coefficients) {
            Map<Integer, double[]> delta = new TreeMap<>();
            perLayer.forEach((l, idx) -> delta.put(l, FactorEdit.remove(byLayer.get(l), c.get(l), idx)));
            out.add(delta);
        }
        return out;
    }

    /** One random unit direction per chosen factor, in its layer; each prompt loses its component (a·u)u. */
    private static List<Map<Integer, double[]>> randomRemovals(
            List<Slot> chosen, float[][][] a, int width, Random rnd) {
        List<Slot> slots = new ArrayList<>(chosen);
        slots.sort(Comparator.comparingInt(Slot::layer));
        List<double[]> directions = new ArrayList<>();
        slots.forEach(s -> directions.add(FactorEdit.randomDirection(width, 1, rnd)));
        List<Map<Integer, double[]>> out = new ArrayList<>();
        for (float[][] prompt : a) {
            Map<Integer, double[]> delta = new TreeMap<>();
            for (int i = 0; i < slots.size(); i++) {
                int l = slots.get(i).layer();
                double[] u = directions.get(i);
                double component = 0;
                for (int j = 0; j < width; j++) {
                    component += prompt[l][j] * u[j];
                }
                double[] d = delta.computeIfAbsent(l, x -> new double[width]);
                for (int j = 0; j < width; j++) {
                    d[j] -= component * u[j];
                }
            }
            out.add(delta);
        }
        return out;
    }

    /** Each unit's relative change of P(gold) on the prompts; random draws averaged per (unit, scale, size). */
    private List<Effect> measure(
            EvaluationSets.Prompts prompts, List<Unit> units, String evaluation, FactorsSettings settings) {
        ClozeBatch batch = ClozeBatch.of(model.tokenizer(), prompts.prompts());
        int n = batch.size();
        InterventionRunner runner = new InterventionRunner(model, settings.maxRows());
        int from = units.stream()
                .flatMap(u -> u.deltas().stream())
                .flatMap(d -> d.keySet().stream())
                .mapToInt(Integer::intValue)
                .min()
                .orElse(model.config().numLayers());
        int perPass = Math.max(1, settings.maxRows() / n);
        // (unit, scale, size) → [Σ change, draws, Σ flips out, Σ flips in, Σ touched]
        Map<List<String>, double[]> sums = new LinkedHashMap<>();
        for (int first = 0; first < units.size(); first += perPass) {
            List<Unit> chunk = units.subList(first, Math.min(units.size(), first + perPass));
            Map<Integer, DirectionIntervention> byLayer = new TreeMap<>();
            int[] gold = new int[chunk.size() * n];
            for (int c = 0; c < chunk.size(); c++) {
                for (int p = 0; p < n; p++) {
                    int row = c * n + p;
                    gold[row] = prompts.gold()[p];
                    int mask = batch.maskPositions()[p];
                    chunk.get(c)
                            .deltas()
                            .get(p)
                            .forEach((l, d) -> byLayer.computeIfAbsent(l, x -> new DirectionIntervention())
                                    .add(row, mask, FactorEdit.toFloats(d)));
                }
            }
            Hooks hooks = Hooks.none();
            byLayer.forEach((l, edit) -> hooks.add(model.neuronHook(l), edit));
            List<PromptOutcome> rows = runner.runHooked(
                    batch, from, chunk.size(), hooks, (before, after) -> OutputComparison.compare(before, after, gold));
            for (int c = 0; c < chunk.size(); c++) {
                double before = 0;
                double after = 0;
                int out = 0;
                int in = 0;
                int touched = 0;
                for (int p = 0; p < n; p++) {
                    PromptOutcome o = rows.get(c * n + p);
                    before += Math.exp(o.logProbBefore());
                    after += Math.exp(o.logProbAfter());
                    out += o.correctBefore() && !o.correctAfter() ? 1 : 0;
                    in += !o.correctBefore() && o.correctAfter() ? 1 : 0;
                    touched += o.logProbAfter() - o.logProbBefore() < -Math.log(2) ? 1 : 0;
                }
                Unit u = chunk.get(c);
                for (String size : u.sizes()) {
                    double[] s = sums.computeIfAbsent(List.of(u.unit(), u.scale(), size), key -> new double[5]);
                    s[0] += after / before - 1;
                    s[1]++;
                    s[2] += out / (double) n;
                    s[3] += in / (double) n;
                    s[4] += touched / (double) n;
                }
            }
        }
        List<Effect> out = new ArrayList<>();
        sums.forEach((key, s) -> out.add(new Effect(
                key.get(0), key.get(1), key.get(2), evaluation, s[0] / s[1], s[2] / s[1], s[3] / s[1], s[4] / s[1])));
        return out;
    }

    /** Mean over facts per (unit, scale, size, evaluation), with a bootstrap CI. */
    private static List<Row> table(List<FactResult> facts, FactorsSettings settings, long seed) {
        Map<List<String>, List<Effect>> groups = new LinkedHashMap<>();
        for (FactResult f : facts) {
            for (Effect e : f.effects()) {
                groups.computeIfAbsent(List.of(e.unit(), e.scale(), e.size(), e.evaluation()), k -> new ArrayList<>())
                        .add(e);
            }
        }
        List<Row> rows = new ArrayList<>();
        groups.forEach((key, effects) -> {
            List<Double> changes = effects.stream().map(Effect::change).toList();
            Bootstrap.Interval ci = Bootstrap.interval(
                    changes,
                    c -> c.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                    settings.bootstrap(),
                    0.95,
                    seed);
            rows.add(new Row(
                    key.get(0),
                    key.get(1),
                    key.get(2),
                    key.get(3),
                    changes.size(),
                    changes.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                    ci.low(),
                    ci.high(),
                    effects.stream().mapToDouble(Effect::flipsOut).average().orElse(Double.NaN),
                    effects.stream().mapToDouble(Effect::flipsIn).average().orElse(Double.NaN),
                    effects.stream().mapToDouble(Effect::touched).average().orElse(Double.NaN)));
        });
        return rows;
    }

    /** Units needed per unit type over facts. */
    private static List<NeededRow> needed(List<FactResult> facts, FactorsSettings settings) {
        Map<String, List<Integer>> byUnit = new LinkedHashMap<>();
        facts.forEach(f -> f.unitsNeeded()
                .forEach((u, n) ->
                        byUnit.computeIfAbsent(u, x -> new ArrayList<>()).add(n == null ? Integer.MAX_VALUE : n)));
        List<NeededRow> out = new ArrayList<>();
        byUnit.forEach((unit, counts) -> {
            List<Integer> sorted = counts.stream().sorted().toList();
            int median = sorted.get((sorted.size() - 1) / 2);
            long reached = counts.stream().filter(n -> n != Integer.MAX_VALUE).count();
            out.add(new NeededRow(
                    unit,
                    counts.size(),
                    reached / (double) counts.size(),
                    median == Integer.MAX_VALUE ? null : median));
        });
        return out;
    }

    /** Mean purity per unit type over facts. */
    private static List<PurityRow> purityTable(List<FactResult> facts) {
        Map<String, List<Purity>> byUnit = new LinkedHashMap<>();
        facts.forEach(f -> f.purity()
                .forEach(p ->
                        byUnit.computeIfAbsent(p.unit(), x -> new ArrayList<>()).add(p)));
        List<PurityRow> out = new ArrayList<>();
        byUnit.forEach((unit, list) -> out.add(new PurityRow(
                unit,
                list.size(),
                list.stream().mapToDouble(Purity::relationPurity).average().orElse(Double.NaN),
                list.stream().mapToDouble(Purity::objectPurity).average().orElse(Double.NaN),
                list.stream().mapToDouble(Purity::ownRelationShare).average().orElse(Double.NaN))));
        return out;
    }

    /** Layer {@code layer}'s activations of each prompt, [prompt][neuron]. */
    private static float[][] rows(float[][][] a, int layer) {
        float[][] out = new float[a.length][];
        for (int p = 0; p < a.length; p++) {
            out[p] = a[p][layer];
        }
        return out;
    }

    private static double[] toDoubles(float[] v) {
        double[] out = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = v[j];
        }
        return out;
    }
}
