package org.knlab.comparison;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.knlab.attribution.Neuron;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.nn.ActivationCapture;
import org.knlab.nn.Hooks;
import org.knlab.nn.LanguageModel;
import org.knlab.nn.MaskRows;
import org.knlab.nn.NeuronIntervention;

/**
 * Exact effects of zeroing, at [MASK], a base set plus one more neuron — for many candidate neurons
 * at once: mean P(gold) over the prompts with {@code base ∪ {c}} ablated, for each candidate c.
 *
 * <p>Why it is fast: one pass with the base set ablated caches, for each candidate layer l, the
 * FFN input and activations and the block output. Adding c (at layer l) changes nothing below l and,
 * in block l, only the mask position; so each candidate's rows restart there
 * ({@link LanguageModel#continueFromMask}), many candidates of a layer share one batched pass, and the
 * base set's neurons above l are applied again by hooks. Candidates in the top layers (where the
 * pool concentrates) cost one or two blocks instead of twelve.
 */
public final class AblationEffects {

    private final LanguageModel model;
    private final int maxRows;
    private final SearchCost.Counter cost;

    public AblationEffects(LanguageModel model, int maxRows, SearchCost.Counter cost) {
        this.model = model;
        this.maxRows = maxRows;
        this.cost = cost;
    }

    /**
     * Mean over the prompts of P(gold) with {@code base} and each candidate zeroed at [MASK];
     * {@code out[i]} is candidate i's. Candidates must not be in {@code base}.
     */
    public double[] meanGold(ClozeBatch prompts, int gold, List<Neuron> base, List<Neuron> candidates) {
        int n = prompts.size();
        double[] out = new double[candidates.size()];
        if (candidates.isEmpty()) {
            return out;
        }
        Map<Integer, List<Integer>> byLayer = new TreeMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            byLayer.computeIfAbsent(candidates.get(i).layer(), l -> new ArrayList<>())
                    .add(i);
        }
        try (NDManager scope = model.newScope()) {
            Map<Integer, ActivationCapture[]> cached = new LinkedHashMap<>();
            Hooks hooks = zeroing(model, base, prompts, 1, -1);
            for (int l : byLayer.keySet()) {
                ActivationCapture[] c = {new ActivationCapture(), new ActivationCapture()};
                hooks.add(model.ffnResidualHook(l), c[0]).add(model.neuronHook(l), c[1]);
                cached.put(l, c);
            }
            // Every block's output from the first restart layer on (a decoder's restart reads the later ones).
            Map<Integer, ActivationCapture> outputs = new LinkedHashMap<>();
            for (int l = byLayer.keySet().iterator().next(); l < model.config().numLayers(); l++) {
                ActivationCapture c = new ActivationCapture();
                hooks.add(model.blockOutputHook(l), c);
                outputs.put(l, c);
            }
            NDArray bias = model.attentionBias(scope, prompts.tokens());
            model.encode(scope, prompts.tokens(), hooks);
            cost.pass(n);
            int perPass = Math.max(1, maxRows / n);
            byLayer.forEach((l, members) -> {
                ActivationCapture[] c = cached.get(l);
                NDArray ffnIn = MaskRows.at(c[0].value(), prompts.maskPositions());
                NDArray post = MaskRows.at(c[1].value(), prompts.maskPositions());
                for (int first = 0; first < members.size(); first += perPass) {
                    List<Integer> chunk = members.subList(first, Math.min(members.size(), first + perPass));
                    double[] means = chunk(
                            prompts,
                            gold,
                            base,
                            l,
                            chunk.stream().map(candidates::get).toList(),
                            ffnIn,
                            post,
                            j -> outputs.get(j).value(),
                            bias);
                    for (int j = 0; j < chunk.size(); j++) {
                        out[chunk.get(j)] = means[j];
                    }
                }
            });
        }
        return out;
    }

    /** One batched restart at layer l: row j·n + p is candidate j on prompt p. */
    private double[] chunk(
            ClozeBatch prompts,
            int gold,
            List<Neuron> base,
            int l,
            List<Neuron> chunk,
            NDArray ffnIn,
            NDArray post,
            IntFunction<NDArray> blockOutputs,
            NDArray bias) {
        int n = prompts.size();
        int m = chunk.size();
        int rows = m * n;
        int width = (int) post.getShape().get(1);
        float[] keep = new float[rows * width];
        Arrays.fill(keep, 1f);
        int[] masks = new int[rows];
        for (int r = 0; r < rows; r++) {
            keep[r * width + chunk.get(r / n).index()] = 0f;
            masks[r] = prompts.maskPositions()[r % n];
        }
        try (NDManager pass = post.getManager().newSubManager()) {
            NDArray postRows =
                    attach(pass, post.tile(new long[] {m, 1})).mul(pass.create(keep, new Shape(rows, width)));
            NDArray ffnRows = attach(pass, ffnIn.tile(new long[] {m, 1}));
            NDArray outRows = attach(pass, blockOutputs.apply(l).tile(new long[] {m, 1, 1}));
            NDArray biasRows = bias == null ? null : attach(pass, bias.tile(new long[] {m, 1, 1, 1}));
            Map<Integer, NDArray> later = new HashMap<>();
            NDArray hidden = model.continueFromMask(
                    l,
                    ffnRows,
                    postRows,
                    j -> j == l
                            ? outRows
                            : later.computeIfAbsent(
                                    j, k -> attach(pass, blockOutputs.apply(k).tile(new long[] {m, 1, 1}))),
                    biasRows,
                    masks,
                    zeroing(model, base, prompts, m, l));
            float[] p = model.logits(hidden)
                    .softmax(-1)
                    .get(new NDIndex(":, {}", gold))
                    .toFloatArray();
            cost.pass(rows);
            double[] means = new double[m];
            for (int r = 0; r < rows; r++) {
                means[r / n] += p[r] / (double) n;
            }
            return means;
        }
    }

    /** Zeroes each neuron of {@code set} above layer {@code above} at [MASK], in every copy of the prompts. */
    static Hooks zeroing(LanguageModel model, List<Neuron> set, ClozeBatch prompts, int copies, int above) {
        int n = prompts.size();
        Map<Integer, NeuronIntervention> byLayer = new TreeMap<>();
        for (Neuron neuron : set) {
            if (neuron.layer() <= above) {
                continue;
            }
            NeuronIntervention edit = byLayer.computeIfAbsent(neuron.layer(), k -> new NeuronIntervention());
            for (int r = 0; r < copies * n; r++) {
                edit.set(r, prompts.maskPositions()[r % n], neuron.index(), 0f);
            }
        }
        Hooks hooks = Hooks.none();
        byLayer.forEach((layer, edit) -> hooks.add(model.neuronHook(layer), edit));
        return hooks;
    }

    private static NDArray attach(NDManager scope, NDArray a) {
        a.attach(scope);
        return a;
    }
}
