package org.knlab.evidence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.apache.commons.math3.stat.StatUtils;
import org.knlab.attribution.Neuron;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.data.Seeds;
import org.knlab.experiments.ProgressListener;
import org.knlab.intervention.Bootstrap;
import org.knlab.intervention.ControlSets;
import org.knlab.intervention.MaskActivations;
import org.knlab.neurons.NeuronSet;
import org.knlab.nn.LanguageModel;

/**
 * The activation evidence with the controls it lacks (docs/method.md, "Activation evidence"): per fact, the
 * knowledge neurons' post-GELU activation at [MASK] on prompts of each {@link PromptKind}, next to
 * the same count of neurons per layer chosen with no attribution at all — the most active on the
 * fact's own prompts ({@code activation-selected}) — and {@code controls} matched random sets. Each
 * set's activation on a prompt is the mean over its neurons; how well it tells the own prompts from
 * another group is the AUC ({@link Separation#auc}), scale-free, so sets compare.
 *
 * <p>Contrasts: {@code relation-expressed} — own vs. the subject without the relation
 * (subject-only, relation-removed, shuffled): does the set respond to the relation being expressed
 * rather than to the subject being mentioned? {@code subject-specific} — own vs. relation-only: to
 * this fact rather than to the relation? {@code authors-check} — own vs. object-written: the
 * authors' distant check (tail masked vs. a random word masked), which any set passes if it
 * responds to "an object goes here".
 */
public final class ActivationEvidence {

    public static final String KNOWLEDGE = "knowledge-neurons";
    public static final String ACTIVATION_SELECTED = "activation-selected";
    public static final String RANDOM = "random";

    private static final long SALT = 0x5DEECE66DL;

    /** A contrast: the own prompts against the prompts of {@code against}. */
    public enum Contrast {
        RELATION_EXPRESSED(
                "relation-expressed",
                List.of(PromptKind.SUBJECT_ONLY, PromptKind.RELATION_REMOVED, PromptKind.SHUFFLED)),
        SUBJECT_SPECIFIC("subject-specific", List.of(PromptKind.RELATION_ONLY)),
        AUTHORS_CHECK("authors-check", List.of(PromptKind.OBJECT_WRITTEN));

        private final String id;
        private final List<PromptKind> against;

        Contrast(String id, List<PromptKind> against) {
            this.id = id;
            this.against = against;
        }

        public String id() {
            return id;
        }
    }

    /**
     * One fact: its prompts per kind, and per set (knowledge-neurons, activation-selected, random =
     * the mean over the random sets) the mean activation per kind and the AUC per contrast.
     */
    public record FactEvidence(
            String uuid,
            String relation,
            String object,
            int neurons,
            Map<String, Integer> prompts,
            Map<String, Map<String, Double>> activation,
            Map<String, Map<String, Double>> auc) {}

    /** A set's mean activation on a kind, over facts, and relative to its mean on the own prompts. */
    public record KindRow(String set, String kind, double meanActivation, double relativeToOwn) {}

    /**
     * A set's AUC on a contrast, mean over the facts where both groups have prompts, with a bootstrap
     * CI; {@code difference} is AUC − 0.5 for the knowledge neurons and knowledge − this set for a
     * control, per fact, with its effect size (d_z) and sign-flip permutation p.
     */
    public record ContrastRow(
            String set,
            String contrast,
            int facts,
            double meanAuc,
            double ciLow,
            double ciHigh,
            double difference,
            double effectSize,
            double permutationP) {}

    public record Study(List<FactEvidence> facts, int skipped, List<KindRow> kinds, List<ContrastRow> contrasts) {}

    private final LanguageModel model;
    private final ParaRel pararel;

    public ActivationEvidence(LanguageModel model, ParaRel pararel) {
        this.model = model;
        this.pararel = pararel;
    }

    /** Every set with neurons, one fact at a time (progress per fact); sets without neurons are skipped. */
    public Study run(List<NeuronSet> sets, ActivationEvidenceSettings settings, long seed, ProgressListener progress) {
        EvidencePrompts builder = new EvidencePrompts(pararel, settings.promptsPerKind());
        List<FactEvidence> facts = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; i < sets.size(); i++) {
            NeuronSet set = sets.get(i);
            if (set.neurons().isEmpty()) {
                skipped++;
            } else {
                facts.add(fact(set, builder, settings, seed));
            }
            progress.progress(i + 1, sets.size());
        }
        return summarise(facts, skipped, settings, seed);
    }

    /** One fact's evidence (the per-fact row a shard or a store keeps). */
    public FactEvidence fact(NeuronSet set, EvidencePrompts builder, ActivationEvidenceSettings settings, long seed) {
        Fact fact = pararel.fact(set.uuid()).orElseThrow();
        Map<PromptKind, List<String>> prompts = builder.of(fact, settings.allKinds(), seed);
        List<String> all = prompts.values().stream().flatMap(List::stream).toList();
        MaskActivations activations = MaskActivations.of(model, all);
        float[][][] values = activations.values(); // [prompt][layer][neuron]
        Map<PromptKind, int[]> rows = new EnumMap<>(PromptKind.class);
        int next = 0;
        for (Map.Entry<PromptKind, List<String>> e : prompts.entrySet()) {
            rows.put(
                    e.getKey(),
                    IntStream.range(next, next + e.getValue().size()).toArray());
            next += e.getValue().size();
        }
        List<Neuron> knowledge = set.neuronList();
        List<Neuron> selected = ControlSets.topScoring(knowledge, activations.meanByNeuron(rows.get(PromptKind.OWN)));
        List<List<Neuron>> random = ControlSets.matchedRandom(
                knowledge, model.config().intermediateSize(), settings.controls(), Seeds.of(seed, set.uuid(), SALT));
        Map<String, List<List<Neuron>>> bySet = new LinkedHashMap<>();
        bySet.put(KNOWLEDGE, List.of(knowledge));
        bySet.put(ACTIVATION_SELECTED, List.of(selected));
        bySet.put(RANDOM, random);
        Map<String, Map<String, Double>> activation = new LinkedHashMap<>();
        Map<String, Map<String, Double>> auc = new LinkedHashMap<>();
        bySet.forEach((name, members) -> {
            Map<String, Double> perKind = new LinkedHashMap<>();
            Map<String, Double> perContrast = new LinkedHashMap<>();
            for (List<Neuron> member : members) {
                double[] perPrompt = setActivation(values, member);
                rows.forEach((kind, r) -> perKind.merge(kind.id(), mean(perPrompt, r) / members.size(), Double::sum));
                double[] own = Arrays.stream(rows.get(PromptKind.OWN))
                        .mapToDouble(p -> perPrompt[p])
                        .toArray();
                for (Contrast c : contrasts(settings)) {
                    double[] against = c.against.stream()
                            .filter(rows::containsKey)
                            .flatMapToInt(k -> Arrays.stream(rows.get(k)))
                            .mapToDouble(p -> perPrompt[p])
                            .toArray();
                    perContrast.merge(c.id, Separation.auc(own, against) / members.size(), Double::sum);
                }
            }
            activation.put(name, perKind);
            auc.put(name, perContrast);
        });
        Map<String, Integer> counts = new LinkedHashMap<>();
        prompts.forEach((k, v) -> counts.put(k.id(), v.size()));
        return new FactEvidence(set.uuid(), set.relation(), set.object(), knowledge.size(), counts, activation, auc);
    }

    /** The tables over facts: mean activation per set and kind, and each contrast's AUC with its tests. */
    public static Study summarise(
            List<FactEvidence> facts, int skipped, ActivationEvidenceSettings settings, long seed) {
        List<String> sets = List.of(KNOWLEDGE, ACTIVATION_SELECTED, RANDOM);
        List<KindRow> kinds = new ArrayList<>();
        for (String set : sets) {
            double own = meanOf(facts, f -> f.activation().get(set).get(PromptKind.OWN.id()));
            for (PromptKind kind : settings.allKinds()) {
                double m = meanOf(facts, f -> f.activation().get(set).get(kind.id()));
                kinds.add(new KindRow(set, kind.id(), m, m / own));
            }
        }
        List<ContrastRow> contrasts = new ArrayList<>();
        for (Contrast c : contrasts(settings)) {
            List<FactEvidence> usable = facts.stream()
                    .filter(f -> !Double.isNaN(f.auc().get(KNOWLEDGE).get(c.id)))
                    .toList();
            for (String set : sets) {
                double[] auc = usable.stream()
                        .mapToDouble(f -> f.auc().get(set).get(c.id))
                        .toArray();
                double[] difference = usable.stream()
                        .mapToDouble(f -> set.equals(KNOWLEDGE)
                                ? f.auc().get(set).get(c.id) - 0.5
                                : f.auc().get(KNOWLEDGE).get(c.id)
                                        - f.auc().get(set).get(c.id))
                        .toArray();
                Bootstrap.Interval ci = Bootstrap.interval(
                        usable, u -> meanOf(u, f -> f.auc().get(set).get(c.id)), settings.bootstrap(), 0.95, seed);
                contrasts.add(new ContrastRow(
                        set,
                        c.id,
                        usable.size(),
                        auc.length == 0 ? Double.NaN : StatUtils.mean(auc),
                        ci.low(),
                        ci.high(),
                        difference.length == 0 ? Double.NaN : StatUtils.mean(difference),
                        Separation.effectSize(difference),
                        Separation.signFlipP(difference, settings.permutations(), seed)));
            }
        }
        return new Study(List.copyOf(facts), skipped, kinds, contrasts);
    }

    /** The contrasts some requested kind feeds. */
    private static List<Contrast> contrasts(ActivationEvidenceSettings settings) {
        return Arrays.stream(Contrast.values())
                .filter(c -> c.against.stream().anyMatch(settings.kinds()::contains))
                .toList();
    }

    /** Mean over the set's neurons, per prompt. */
    private static double[] setActivation(float[][][] values, List<Neuron> set) {
        double[] out = new double[values.length];
        for (int p = 0; p < values.length; p++) {
            for (Neuron n : set) {
                out[p] += values[p][n.layer()][n.index()] / (double) set.size();
            }
        }
        return out;
    }

    private static double mean(double[] values, int[] rows) {
        return rows.length == 0
                ? Double.NaN
                : Arrays.stream(rows).mapToDouble(r -> values[r]).average().orElseThrow();
    }

    private static double meanOf(List<FactEvidence> facts, ToDoubleFunction<FactEvidence> value) {
        return facts.stream()
                .mapToDouble(value)
                .filter(v -> !Double.isNaN(v))
                .average()
                .orElse(Double.NaN);
    }
}
