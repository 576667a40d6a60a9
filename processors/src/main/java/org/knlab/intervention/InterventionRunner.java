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
import org.knlab.fillmask.ClozeBatch;
import org.knlab.nn.BertModel;
import org.knlab.nn.HookPoint;
import org.knlab.nn.Hooks;
import org.knlab.nn.NeuronIntervention;
import org.knlab.nn.WeightPatch;
import org.knlab.text.WordPieceTokenizer;

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

    private final BertModel model;
    private final int maxRows;

    public InterventionRunner(BertModel model, int maxRows) {
        this.model = model;
        this.maxRows = maxRows;
    }

    /** Outcomes per set, then per prompt: {@code result.get(s).get(p)}. */
    public List<List<PromptOutcome>> run(ClozeBatch prompts, int[] gold, Intervention intervention,
            List<List<Neuron>> sets) {
        return run(prompts, gold, List.of(intervention), sets).get(0);
    }

    /**
     * Several interventions on the same sets and prompts, sharing one clean pass: outcomes per
     * intervention, then per set, then per prompt.
     */
    public List<List<List<PromptOutcome>>> run(ClozeBatch prompts, int[] gold, List<Intervention> interventions,
            List<List<Neuron>> sets) {
        int layers = model.config().numLayers();
        int from = sets.stream().flatMap(List::stream).mapToInt(Neuron::layer).min().orElse(layers);
        int n = prompts.size();
        List<List<List<PromptOutcome>>> out = new ArrayList<>();
        try (NDManager scope = model.newScope()) {
            NDArray bias = model.attentionBias(scope, prompts.tokens());
            NDArray prefix = model.blocks(model.embed(model.tokenIds(scope, prompts.tokens()), Hooks.none()), bias, 0,
                    from, Hooks.none());
            NDArray before = logits(model.blocks(prefix, bias, from, layers, Hooks.none()), prompts, 1).logSoftmax(-1);
            for (Intervention intervention : interventions) {
                List<List<PromptOutcome>> bySet = new ArrayList<>();
                int perPass = intervention.kind().weightEdit() ? 1 : Math.max(1, maxRows / n);
                for (int first = 0; first < sets.size(); first += perPass) {
                    List<List<Neuron>> chunk = sets.subList(first, Math.min(sets.size(), first + perPass));
                    try (NDManager pass = scope.newSubManager()) {
                        bySet.addAll(split(runChunk(pass, prompts, gold, intervention, chunk, prefix, bias, before,
                                from), n));
                    }
                }
                out.add(bySet);
            }
        }
        return out;
    }

    private List<PromptOutcome> runChunk(NDManager pass, ClozeBatch prompts, int[] gold, Intervention intervention,
            List<List<Neuron>> chunk, NDArray prefix, NDArray bias, NDArray before, int from) {
        int k = chunk.size();
        NDArray x = inScope(pass, prefix.tile(new long[] {k, 1, 1}));
        NDArray biasRows = bias == null ? null : inScope(pass, bias.tile(new long[] {k, 1, 1, 1}));
        NDArray beforeRows = inScope(pass, before.tile(new long[] {k, 1}));
        int[] goldRows = new int[k * prompts.size()];
        for (int r = 0; r < goldRows.length; r++) {
            goldRows[r] = gold[r % prompts.size()];
        }
        int layers = model.config().numLayers();
        if (intervention.kind().weightEdit()) {
            try (WeightPatches patches = valueSlots(pass, intervention.kind(), chunk.get(0))) {
                NDArray hidden = model.blocks(x, biasRows, from, layers, Hooks.none());
                return OutputComparison.compare(beforeRows, logits(hidden, prompts, k), goldRows);
            }
        }
        NDArray hidden = model.blocks(x, biasRows, from, layers, activationEdits(intervention, chunk, prompts));
        return OutputComparison.compare(beforeRows, logits(hidden, prompts, k), goldRows);
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
                        default -> edit.set(row, pos, neuron.index(), intervention.values().value(neuron, p));
                    }
                }
            }
        }
        Hooks hooks = Hooks.none();
        byLayer.forEach((l, edit) -> hooks.add(HookPoint.mlpPost(l), edit));
        return hooks;
    }

    /** The value slots of a set replaced layer by layer: by the [UNK] embedding or by zero. */
    private WeightPatches valueSlots(NDManager pass, InterventionKind kind, List<Neuron> set) {
        Map<Integer, List<Integer>> byLayer = new TreeMap<>();
        set.forEach(nr -> byLayer.computeIfAbsent(nr.layer(), l -> new ArrayList<>()).add(nr.index()));
        NDArray replacement = kind == InterventionKind.UNK_SLOT
                ? model.wordEmbedding(pass, model.tokenizer().id(WordPieceTokenizer.UNK).orElseThrow())
                : pass.zeros(new Shape(model.config().hiddenSize()));
        WeightPatches patches = new WeightPatches();
        byLayer.forEach((l, idx) -> {
            NDArray[] vectors = new NDArray[idx.size()];
            Arrays.fill(vectors, replacement);
            patches.add(model.patchValueVectors(l, idx.stream().mapToInt(Integer::intValue).toArray(), vectors));
        });
        return patches;
    }

    /** Several weight patches undone together, last first. */
    private static final class WeightPatches implements AutoCloseable {
        private final List<WeightPatch> patches = new ArrayList<>();

        void add(WeightPatch p) {
            patches.add(p);
        }

        @Override
        public void close() {
            for (int i = patches.size() - 1; i >= 0; i--) {
                patches.get(i).close();
            }
        }
    }

    private NDArray logits(NDArray hidden, ClozeBatch prompts, int copies) {
        int n = prompts.size();
        int[] rows = new int[n * copies];
        int[] positions = new int[n * copies];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = r;
            positions[r] = prompts.maskPositions()[r % n];
        }
        return model.mlmLogits(hidden, rows, positions);
    }

    private static NDArray inScope(NDManager scope, NDArray a) {
        a.attach(scope);
        return a;
    }

    private static List<List<PromptOutcome>> split(List<PromptOutcome> rows, int n) {
        List<List<PromptOutcome>> out = new ArrayList<>();
        for (int s = 0; s < rows.size() / n; s++) {
            out.add(List.copyOf(rows.subList(s * n, (s + 1) * n)));
        }
        return out;
    }
}
