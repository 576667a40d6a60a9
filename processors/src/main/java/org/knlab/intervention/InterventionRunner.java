package org.knlab.intervention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knlab.attribution.Neuron;
import org.knlab.errors.InvalidParameterException;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.nn.Hooks;
import org.knlab.nn.LanguageModel;
import org.knlab.nn.NeuronIntervention;
import org.knlab.nn.WeightPatches;

/**
 * Runs one intervention on many neuron sets (a knowledge-neuron set and its controls) over the same
 * cloze prompts, and compares each with the clean pass.
 *
 * <p>Nothing below the lowest intervened layer changes, so the clean residual stream up to that
 * layer is computed once and reused. Activation interventions give each batch row its own neuron set,
 * so many sets share one batched pass (up to {@code maxRows} rows); value-slot edits change weights
 * and take one pass per set, undone right after.
 */
public final class InterventionRunner {

    public static final int DEFAULT_MAX_ROWS = 256;

    private final LanguageModel model;
    private final int maxRows;

    public InterventionRunner(LanguageModel model, int maxRows) {
        this.model = model;
        this.maxRows = maxRows;
    }

    /** Outcomes per set, then per prompt: {@code result.get(s).get(p)}. */
    public List<List<PromptOutcome>> run(
            ClozeBatch prompts, int[] gold, Intervention intervention, List<List<Neuron>> sets) {
        return run(prompts, gold, List.of(intervention), sets).get(0);
    }

    /**
     * Several interventions on the same sets and prompts, sharing one clean pass: outcomes per
     * intervention, then per set, then per prompt.
     */
    public List<List<List<PromptOutcome>>> run(
            ClozeBatch prompts, int[] gold, List<Intervention> interventions, List<List<Neuron>> sets) {
        int from = lowestLayer(sets.stream().flatMap(List::stream).toList());
        int n = prompts.size();
        // an empty set (a hub-free set of hubs only) changes nothing: its outcomes are the clean ones,
        // exactly; in a pass its rows would differ from the clean pass by the batch's rounding alone
        List<List<Neuron>> measured = sets.stream().filter(s -> !s.isEmpty()).toList();
        List<List<List<PromptOutcome>>> out = new ArrayList<>();
        try (NDManager scope = model.newScope()) {
            CleanPass clean = clean(scope, prompts, from);
            List<PromptOutcome> unchanged =
                    measured.size() < sets.size() ? OutputComparison.unchanged(clean.before(), gold) : List.of();
            for (Intervention intervention : interventions) {
                List<List<PromptOutcome>> bySet = new ArrayList<>();
                int perPass = intervention.kind().weightEdit() ? 1 : Math.max(1, maxRows / n);
                for (int first = 0; first < measured.size(); first += perPass) {
                    List<List<Neuron>> chunk = measured.subList(first, Math.min(measured.size(), first + perPass));
                    int k = chunk.size();
                    int[] goldRows = new int[k * n];
                    for (int r = 0; r < goldRows.length; r++) {
                        goldRows[r] = gold[r % n];
                    }
                    Comparison<List<PromptOutcome>> compare =
                            (before, after) -> OutputComparison.compare(before, after, goldRows);
                    try (NDManager pass = scope.newSubManager()) {
                        List<PromptOutcome> rows = intervention.kind().weightEdit()
                                ? changed(pass, clean, s -> valueSlots(s, intervention.kind(), chunk.get(0)), compare)
                                : hooked(pass, clean, k, activationEdits(intervention, chunk, prompts), compare);
                        bySet.addAll(split(rows, n));
                    }
                }
                out.add(inSetOrder(sets, bySet, unchanged));
            }
        }
        return out;
    }

    /** A change of the weights for one pass, undone when the returned patches close. */
    @FunctionalInterface
    public interface WeightChange {
        WeightPatches apply(NDManager scope);
    }

    /** What a pass yields, from the clean log-probabilities and the changed logits (rows alike). */
    @FunctionalInterface
    public interface Comparison<T> {
        T compare(NDArray logProbsBefore, NDArray logitsAfter);
    }

    /**
     * Each weight change in turn on the same prompts (one pass each from layer {@code from}, the
     * lowest it touches; undone right after), compared with one clean pass.
     */
    public <T> List<T> runWeightChanges(
            ClozeBatch prompts, int from, List<WeightChange> changes, Comparison<T> comparison) {
        List<T> out = new ArrayList<>();
        try (NDManager scope = model.newScope()) {
            CleanPass clean = clean(scope, prompts, from);
            for (WeightChange change : changes) {
                try (NDManager pass = scope.newSubManager()) {
                    out.add(changed(pass, clean, change, comparison));
                }
            }
        }
        return out;
    }

    /**
     * One pass with {@code copies} copies of the prompts (row c·n + p is copy c of prompt p) and the
     * given hooks on blocks {@code from} and above, compared with the clean pass.
     */
    public <T> T runHooked(ClozeBatch prompts, int from, int copies, Hooks hooks, Comparison<T> comparison) {
        try (NDManager scope = model.newScope()) {
            return hooked(scope, clean(scope, prompts, from), copies, hooks, comparison);
        }
    }

    /** The clean residual stream entering block {@code from} and the clean log-probabilities at the masks. */
    private record CleanPass(ClozeBatch prompts, int from, NDArray prefix, NDArray bias, NDArray before) {}

    private CleanPass clean(NDManager scope, ClozeBatch prompts, int from) {
        NDArray bias = model.attentionBias(scope, prompts.tokens());
        NDArray prefix = model.blocks(
                model.embed(model.tokenIds(scope, prompts.tokens()), Hooks.none()), bias, 0, from, Hooks.none());
        NDArray before = model.logits(model.readout(prefix, bias, from, masks(prompts, 1), Hooks.none()))
                .logSoftmax(-1);
        return new CleanPass(prompts, from, prefix, bias, before);
    }

    private <T> T changed(NDManager pass, CleanPass clean, WeightChange change, Comparison<T> comparison) {
        try (WeightPatches patches = change.apply(pass)) {
            return hooked(pass, clean, 1, Hooks.none(), comparison);
        }
    }

    private <T> T hooked(NDManager pass, CleanPass clean, int copies, Hooks hooks, Comparison<T> comparison) {
        NDArray x = inScope(pass, clean.prefix().tile(new long[] {copies, 1, 1}));
        NDArray bias = clean.bias() == null ? null : inScope(pass, clean.bias().tile(new long[] {copies, 1, 1, 1}));
        NDArray hidden = model.readout(x, bias, clean.from(), masks(clean.prompts(), copies), hooks);
        NDArray logits = model.logits(hidden);
        // tiled only now: [rows, vocab], not held through the blocks
        NDArray before =
                copies == 1 ? clean.before() : inScope(pass, clean.before().tile(new long[] {copies, 1}));
        return comparison.compare(before, logits);
    }

    /** The lowest layer of the neurons (the number of layers when there are none): where passes start. */
    public int lowestLayer(List<Neuron> neurons) {
        return neurons.stream()
                .mapToInt(Neuron::layer)
                .min()
                .orElse(model.config().numLayers());
    }

    /** One {@link NeuronIntervention} per layer; row s·n + p carries set s on prompt p, at its [MASK]. */
    private Hooks activationEdits(Intervention intervention, List<List<Neuron>> chunk, ClozeBatch prompts) {
        int n = prompts.size();
        Map<Integer, NeuronIntervention> byLayer = new TreeMap<>();
        for (int s = 0; s < chunk.size(); s++) {
            for (Neuron neuron : chunk.get(s)) {
                NeuronIntervention edit = byLayer.computeIfAbsent(neuron.layer(), l -> new NeuronIntervention());
                for (int p = 0; p < n; p++) {
                    int row = s * n + p;
                    int pos = prompts.maskPositions()[p];
                    switch (intervention.kind()) {
                        case SUPPRESS -> edit.set(row, pos, neuron.index(), 0f);
                        case AMPLIFY -> edit.scale(row, pos, neuron.index(), intervention.factor());
                        default ->
                            edit.set(
                                    row,
                                    pos,
                                    neuron.index(),
                                    intervention.values().value(neuron, p));
                    }
                }
            }
        }
        Hooks hooks = Hooks.none();
        byLayer.forEach((l, edit) -> hooks.add(model.neuronHook(l), edit));
        return hooks;
    }

    /** The value slots of a set replaced layer by layer: by the [UNK] embedding or by zero. */
    private WeightPatches valueSlots(NDManager pass, InterventionKind kind, List<Neuron> set) {
        NDArray replacement = kind == InterventionKind.UNK_SLOT
                ? model.inputEmbedding(
                        pass,
                        model.tokenizer()
                                .unknownTokenId()
                                .orElseThrow(() -> new InvalidParameterException(
                                        "interventions",
                                        "unk-slot needs a vocabulary with an unknown-word token; this model has none")))
                : pass.zeros(new Shape(model.config().hiddenSize()));
        WeightPatches patches = new WeightPatches();
        byLayer(set).forEach((l, idx) -> {
            NDArray[] vectors = new NDArray[idx.length];
            Arrays.fill(vectors, replacement);
            patches.add(model.patchValueVectors(l, idx, vectors));
        });
        return patches;
    }

    /** A set's neuron indices by layer, layers ascending. */
    public static Map<Integer, int[]> byLayer(List<Neuron> set) {
        Map<Integer, List<Integer>> lists = new TreeMap<>();
        set.forEach(
                nr -> lists.computeIfAbsent(nr.layer(), l -> new ArrayList<>()).add(nr.index()));
        Map<Integer, int[]> out = new TreeMap<>();
        lists.forEach(
                (l, idx) -> out.put(l, idx.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    /** Row r's [MASK] position in {@code copies} copies of the prompts (row c·n + p is copy c of prompt p). */
    private static int[] masks(ClozeBatch prompts, int copies) {
        int n = prompts.size();
        int[] positions = new int[n * copies];
        for (int r = 0; r < positions.length; r++) {
            positions[r] = prompts.maskPositions()[r % n];
        }
        return positions;
    }

    private static NDArray inScope(NDManager scope, NDArray a) {
        a.attach(scope);
        return a;
    }

    /** The measured sets' outcomes, with the clean outcomes at the empty sets' places. */
    private static List<List<PromptOutcome>> inSetOrder(
            List<List<Neuron>> sets, List<List<PromptOutcome>> measured, List<PromptOutcome> unchanged) {
        List<List<PromptOutcome>> out = new ArrayList<>(sets.size());
        int next = 0;
        for (List<Neuron> set : sets) {
            out.add(set.isEmpty() ? unchanged : measured.get(next++));
        }
        return out;
    }

    private static List<List<PromptOutcome>> split(List<PromptOutcome> rows, int n) {
        List<List<PromptOutcome>> out = new ArrayList<>();
        for (int s = 0; s < rows.size() / n; s++) {
            out.add(List.copyOf(rows.subList(s * n, (s + 1) * n)));
        }
        return out;
    }
}
