package org.knlab.factors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
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
            double flipsIn) {}

    /** One fact: its neuron count, its knowledge factors per factorisation (the refinement rule), its effects. */
    public record FactResult(
            String uuid, String relation, int neurons, Map<String, Integer> knowledgeFactors, List<Effect> effects) {}

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
            double flipsIn) {}

    public record Study(List<LayerFit> fits, List<FactResult> facts, int skipped, List<Row> table) {}

    /** A factor of a layer. */
    private record Slot(int layer, int index) {}

    /**
     * One change to evaluate: its Δa per prompt and layer, and the size rows it counts in (two when a
     * fact's own neuron count is also one of the asked sizes: under {@code kn} and under that size).
     */
    private record Unit(String unit, String scale, List<String> sizes, List<Map<Integer, double[]>> deltas) {}

    private final LanguageModel model;
    private final ParaRel pararel;

    public FactorComparison(LanguageModel model, ParaRel pararel) {
        this.model = model;
        this.pararel = pararel;
    }

    public Study run(List<NeuronSet> sets, FactorsSettings settings, long seed, ProgressListener progress) {
        EvaluationSets evaluation = new EvaluationSets(pararel, model.tokenizer(), seed);
        Map<String, List<NeuronSet>> byRelation = new TreeMap<>();
        int skipped = 0;
        for (NeuronSet s : sets) {
            if (s.neurons().isEmpty()) {
                skipped++;
            } else {
                byRelation.computeIfAbsent(s.relation(), r -> new ArrayList<>()).add(s);
            }
        }
        List<LayerFit> fits = new ArrayList<>();
        List<FactResult> facts = new ArrayList<>();
        int total = byRelation.values().stream().mapToInt(List::size).sum();
        for (Map.Entry<String, List<NeuronSet>> relation : byRelation.entrySet()) {
            TreeSet<Integer> layers = relation.getValue().stream()
                    .flatMap(s -> s.neuronList().stream())
                    .map(Neuron::layer)
                    .collect(Collectors.toCollection(TreeSet::new));
            Map<FactorKind, Map<Integer, LayerFactors>> factors =
                    fit(relation.getKey(), layers, evaluation, settings, seed);
            factors.forEach((kind, byLayer) -> byLayer.values()
                    .forEach(f -> fits.add(
                            new LayerFit(relation.getKey(), kind.id(), f.layer(), f.rank(), f.relativeError()))));
            for (NeuronSet set : relation.getValue()) {
                facts.add(fact(set, factors, evaluation, settings, seed));
                progress.progress(facts.size(), total);
            }
        }
        return new Study(fits, facts, skipped, table(facts, settings, seed));
    }

    /** Each factorisation of each layer, on a seeded sample of the relation's prompts. */
    private Map<FactorKind, Map<Integer, LayerFactors>> fit(
            String relation, TreeSet<Integer> layers, EvaluationSets evaluation, FactorsSettings settings, long seed) {
        List<String> prompts = new ArrayList<>();
        for (Fact f : evaluation.factsOf(relation)) {
            prompts.addAll(pararel.prompts(f));
        }
        Collections.shuffle(prompts, new Random(Seeds.of(seed, relation)));
        List<String> sample = prompts.subList(0, Math.min(settings.samplePrompts(), prompts.size()));
        Factorizer.checkRank(settings.rank(), sample.size(), model.config().intermediateSize());
        float[][][] values = MaskActivations.of(model, sample).values();
        Map<FactorKind, Map<Integer, LayerFactors>> out = new LinkedHashMap<>();
        for (FactorKind kind : settings.factorisations()) {
            Map<Integer, LayerFactors> byLayer = new TreeMap<>();
            for (int layer : layers) {
                double[][] x = new double[values.length][];
                for (int p = 0; p < values.length; p++) {
                    x[p] = toDoubles(values[p][layer]);
                }
                byLayer.put(layer, Factorizer.fit(kind, layer, x, settings.rank(), seed));
            }
            out.put(kind, byLayer);
        }
        return out;
    }

    private FactResult fact(
            NeuronSet set,
            Map<FactorKind, Map<Integer, LayerFactors>> factors,
            EvaluationSets evaluation,
            FactorsSettings settings,
            long seed) {
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
            rankings.put(kind, ranking(scores, byLayer));
        });
        int k = set.neurons().size();
        List<Effect> effects = new ArrayList<>();
        for (EvaluationSet e : EVALUATIONS) {
            EvaluationSets.Prompts prompts =
                    e == EvaluationSet.HELD_OUT && !set.hasHeldOutSplit() ? null : evaluation.of(set, e);
            if (prompts == null || prompts.isEmpty()) {
                continue;
            }
            float[][][] activations =
                    MaskActivations.of(model, prompts.prompts()).values();
            List<Unit> units = units(set, factors, rankings, refined, activations, settings, seed);
            effects.addAll(measure(prompts, units, e.id(), settings));
        }
        return new FactResult(set.uuid(), set.relation(), k, knowledgeFactors, effects);
    }

    /** Factors by their mean integrated-gradients score over the own prompts, highest first. */
    private static List<Slot> ranking(List<AttributionResult> scores, Map<Integer, LayerFactors> byLayer) {
        Map<Slot, Double> mean = new HashMap<>();
        for (AttributionResult r : scores) {
            byLayer.keySet().forEach(l -> {
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
            Map<FactorKind, Map<Integer, LayerFactors>> factors,
            Map<FactorKind, List<Slot>> rankings,
            Map<FactorKind, List<Slot>> refined,
            float[][][] a,
            FactorsSettings settings,
            long seed) {
        int n = a.length;
        int width = model.config().intermediateSize();
        int k = set.neurons().size();
        List<Map<Integer, double[]>> neurons = new ArrayList<>();
        for (float[][] prompt : a) {
            Map<Integer, double[]> delta = new TreeMap<>();
            for (Neuron neuron : set.neuronList()) {
                delta.computeIfAbsent(neuron.layer(), l -> new double[width])[neuron.index()] =
                        -prompt[neuron.layer()][neuron.index()];
            }
            neurons.add(delta);
        }
        List<Unit> units = new ArrayList<>(List.of(new Unit(NEURONS, SAME_SIZE, List.of(OWN_SIZE), neurons)));
        Map<FactorKind, List<Map<Integer, double[]>>> coefficients = new LinkedHashMap<>(); // [prompt] layer → c
        factors.forEach((kind, byLayer) -> {
            List<Map<Integer, double[]>> perPrompt = new ArrayList<>();
            for (float[][] prompt : a) {
                Map<Integer, double[]> c = new TreeMap<>();
                byLayer.forEach((l, f) -> c.put(l, f.coefficients(prompt[l])));
                perPrompt.add(c);
            }
            coefficients.put(kind, perPrompt);
        });
        TreeSet<Integer> sizes = new TreeSet<>(settings.sizes());
        sizes.add(k);
        for (int size : sizes) {
            List<String> labels = size != k
                    ? List.of(Integer.toString(size))
                    : settings.sizes().contains(k) ? List.of(OWN_SIZE, Integer.toString(k)) : List.of(OWN_SIZE);
            for (FactorKind kind : factors.keySet()) {
                List<Slot> chosen = rankings.get(kind)
                        .subList(0, Math.min(size, rankings.get(kind).size()));
                List<Map<Integer, double[]>> deltas = removeFactors(factors.get(kind), chosen, coefficients.get(kind));
                addWithEqualNorm(units, kind.id(), labels, deltas, neurons, size == k);
                for (int d = 0; d < settings.controls(); d++) {
                    Random rnd =
                            new Random(Seeds.of(seed, set.uuid(), (31L * size + d) ^ ((long) kind.ordinal() << 40)));
                    List<Map<Integer, double[]>> random = randomRemovals(chosen, a, width, rnd);
                    addWithEqualNorm(units, RANDOM + ":" + kind.id(), labels, random, neurons, size == k);
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
            Map<Integer, LayerFactors> byLayer, List<Slot> chosen, List<Map<Integer, double[]>> coefficients) {
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
        // (unit, scale, size) → [Σ change, draws, Σ flips out, Σ flips in]
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
                for (int p = 0; p < n; p++) {
                    PromptOutcome o = rows.get(c * n + p);
                    before += Math.exp(o.logProbBefore());
                    after += Math.exp(o.logProbAfter());
                    out += o.correctBefore() && !o.correctAfter() ? 1 : 0;
                    in += !o.correctBefore() && o.correctAfter() ? 1 : 0;
                }
                Unit u = chunk.get(c);
                for (String size : u.sizes()) {
                    double[] s = sums.computeIfAbsent(List.of(u.unit(), u.scale(), size), key -> new double[4]);
                    s[0] += after / before - 1;
                    s[1]++;
                    s[2] += out / (double) n;
                    s[3] += in / (double) n;
                }
            }
        }
        List<Effect> out = new ArrayList<>();
        sums.forEach((key, s) -> out.add(
                new Effect(key.get(0), key.get(1), key.get(2), evaluation, s[0] / s[1], s[2] / s[1], s[3] / s[1])));
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
                    effects.stream().mapToDouble(Effect::flipsIn).average().orElse(Double.NaN)));
        });
        return rows;
    }

    private static double[] toDoubles(float[] v) {
        double[] out = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = v[j];
        }
        return out;
    }
}
