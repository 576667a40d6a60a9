package org.knlab.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.knlab.errors.InvalidInputException;
import org.knlab.model.ModelIdentity;
import org.knlab.text.PromptStyle;
import org.knlab.text.PromptTokenizer;

/**
 * The model contract every study (attribution, interventions, editing, causal search, factors,
 * evidence) is written against: a transformer whose forward pass runs block by block through named
 * {@link HookPoint}s, read out at one answer position per row, with FFN neurons
 * ({@code blocks.{l}.mlp.hook_post}, or {@code mlp.hook_pre} through {@link #withNeuronSite}) whose value
 * slots an edit can write.
 *
 * <p>The answer position is where the model's output names the answer: the [MASK] of a cloze
 * prompt for an encoder (BERT, RoBERTa), the prompt's last token for a decoder (GPT-2, Llama) —
 * "mask position" in the studies means this position. Every tensor is [batch, position, width];
 * arrays of a request live in a scope from {@link #newScope()} that the caller closes.
 *
 * <p>An architecture implements the forward pieces ({@link #embed}, {@link #attentionBias},
 * {@link #blocks}, {@link #feedForwardOutput}, {@link #logits(NDArray)}); the rest follows here.
 */
public interface LanguageModel extends AutoCloseable {

    /** The output of {@link #runWithCache}: the final hidden states and the activations asked for. */
    record CachedRun(NDArray encoding, ActivationCache cache) {}

    ModelIdentity identity();

    ModelShape config();

    /** The architecture's name as in Hugging Face's {@code model_type} ("bert", "gpt2", "llama", ...). */
    String architecture();

    PromptTokenizer tokenizer();

    default PromptStyle promptStyle() {
        return tokenizer().style();
    }

    /** Every hook point of this model, in forward order (TransformerLens' names for the architecture). */
    List<String> hookPoints();

    /**
     * The stream the FFN's output is added to in block l, cached so that a pass can restart inside
     * block l: {@code ln1.hook_normalized} in BERT's post-LN blocks, {@code hook_resid_mid} in pre-LN ones.
     */
    String ffnResidualHook(int layer);

    /** Block l's output, the residual stream entering block l+1. */
    String blockOutputHook(int layer);

    /** Where this model's neurons are read and changed: {@link NeuronSite#POST} unless a view says otherwise. */
    default NeuronSite neuronSite() {
        return NeuronSite.POST;
    }

    /** The hook point of block l's neurons ({@code blocks.{l}.mlp.hook_post} by default). */
    default String neuronHook(int layer) {
        return neuronSite().hook(layer);
    }

    /**
     * This model with its neurons at {@code site}: itself for its own site, else a view on the same
     * weights ({@link PreActivationNeurons}) that every study uses unchanged. Closing a view leaves the
     * model open.
     */
    default LanguageModel withNeuronSite(NeuronSite site) {
        return site == neuronSite() ? this : new PreActivationNeurons(this, false);
    }

    /** A scope for one request's arrays; close it when the request is done. */
    NDManager newScope();

    Device device();

    /** Number of arrays held by the model itself (weights): constant unless something leaks into it. */
    int heldArrays();

    /** Token ids as a [batch, length] array in the given scope. */
    default NDArray tokenIds(NDManager scope, TokenBatch batch) {
        if (batch.length() > config().maxPositions()) {
            throw new InvalidInputException(
                    "text",
                    "text has " + batch.length() + " tokens; the model accepts at most " + config().maxPositions());
        }
        return scope.create(batch.paddedIds(), new Shape(batch.size(), batch.length()));
    }

    /** The residual stream entering block 0. */
    NDArray embed(NDArray ids, Hooks hooks);

    /**
     * The additive attention bias of a batch, [batch, 1, 1 or length, length]: padding hidden, and for a
     * decoder every later position; null when nothing is hidden.
     */
    NDArray attentionBias(NDManager scope, TokenBatch batch);

    /** Runs blocks [from, to) on the residual stream x. */
    NDArray blocks(NDArray x, NDArray attentionBias, int from, int to, Hooks hooks);

    /**
     * The final hidden states at one position per row, [rows, hidden], from the residual stream x
     * entering block {@code from}. An architecture may compute less of the last block (BERT does).
     */
    default NDArray readout(NDArray x, NDArray bias, int from, int[] positions, Hooks hooks) {
        return MaskRows.at(blocks(x, bias, from, config().numLayers(), hooks), positions);
    }

    /**
     * Block l's output from the stream its FFN output is added to ({@link #ffnResidualHook}) and the
     * given FFN activations, without hooks.
     */
    NDArray feedForwardOutput(int layer, NDArray ffnResidual, NDArray post);

    /**
     * Block l's {@code mlp.hook_post} from its {@code mlp.hook_pre} at the same positions, without hooks:
     * the nonlinearity (GELU), or in a gated MLP silu(pre)·up(norm(ffnResidual)).
     */
    NDArray activation(int layer, NDArray ffnResidual, NDArray pre);

    /**
     * The final hidden states at the answer positions ([rows, hidden]) of rows that equal a cached
     * pass below block l and differ from it in block l only at their answer position: there the block's
     * output is recomputed from the cached FFN residual and the given (changed) activations, every other
     * position keeps the cached block output, and blocks l+1.. run with {@code hooks}. Nothing below l is
     * recomputed — why integrated gradients and the causal search restart here. The hooks act at the
     * answer positions only (as a restart's edits do). A causal decoder also keeps every earlier position
     * of blocks l+1.. from the cached pass and computes only the answer position there.
     *
     * @param ffnResidualAtMask block l's {@link #ffnResidualHook} at each row's answer position, [rows, hidden]
     * @param postAtMask        the activations to use there, [rows, intermediate]
     * @param cleanBlockOutput  block j's cached output ({@link #blockOutputHook}) for the rows, [rows, T, hidden],
     *                          for j = l (every architecture) and j > l (decoders)
     * @param bias              the rows' attention bias, or null
     */
    default NDArray continueFromMask(
            int layer,
            NDArray ffnResidualAtMask,
            NDArray postAtMask,
            IntFunction<NDArray> cleanBlockOutput,
            NDArray bias,
            int[] maskPositions,
            Hooks hooks) {
        NDArray atMask = feedForwardOutput(layer, ffnResidualAtMask, postAtMask);
        if (layer + 1 == config().numLayers()) {
            return atMask;
        }
        NDArray blockOutput = cleanBlockOutput.apply(layer);
        return readout(withAnswerRows(blockOutput, atMask, maskPositions), bias, layer + 1, maskPositions, hooks);
    }

    /** x ([rows, T, hidden]) with row r's position {@code positions[r]} replaced by {@code rowsAt[r]}. */
    static NDArray withAnswerRows(NDArray x, NDArray rowsAt, int[] positions) {
        long rows = x.getShape().get(0);
        long len = x.getShape().get(1);
        float[] onehot = new float[(int) (rows * len)];
        for (int r = 0; r < rows; r++) {
            onehot[(int) (r * len + positions[r])] = 1f;
        }
        NDArray mask = x.getManager().create(onehot, new Shape(rows, len, 1));
        return x.mul(mask.neg().add(1f)).add(rowsAt.expandDims(1).mul(mask));
    }

    /** The final hidden states [batch, length, hidden]. */
    default NDArray encode(NDManager scope, TokenBatch batch, Hooks hooks) {
        NDArray x = embed(tokenIds(scope, batch), hooks);
        return blocks(x, attentionBias(scope, batch), 0, config().numLayers(), hooks);
    }

    /**
     * The final hidden states and the activations at the named hook points (each name once), all in
     * the given scope: TransformerLens' {@code run_with_cache}.
     *
     * @throws IllegalArgumentException naming any name that is not a hook point of this model
     */
    default CachedRun runWithCache(NDManager scope, TokenBatch batch, Collection<String> names) {
        List<String> known = hookPoints();
        List<String> unknown = names.stream().filter(n -> !known.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown hook point(s) " + unknown + " for this " + architecture()
                    + " model with " + config().numLayers() + " blocks");
        }
        Map<String, ActivationCapture> captures = new LinkedHashMap<>();
        Hooks hooks = Hooks.none();
        for (String name : names) {
            captures.computeIfAbsent(name, n -> {
                ActivationCapture c = new ActivationCapture();
                hooks.add(n, c);
                return c;
            });
        }
        NDArray encoding = encode(scope, batch, hooks);
        Map<String, NDArray> values = new LinkedHashMap<>();
        captures.forEach((name, c) -> values.put(name, c.value()));
        return new CachedRun(encoding, new ActivationCache(values));
    }

    /** Vocabulary logits [k, vocab] at k (row, position) pairs of the final hidden states. */
    default NDArray logits(NDArray hidden, int[] rows, int[] positions) {
        long len = hidden.getShape().get(1);
        long[] flat = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            flat[i] = rows[i] * len + positions[i];
        }
        NDManager scope = hidden.getManager();
        return logits(hidden.reshape(-1, config().hiddenSize()).get(new NDIndex("{}", scope.create(flat))));
    }

    /** Vocabulary logits [k, vocab] of k final hidden states [k, hidden] (the head, final norm included). */
    NDArray logits(NDArray hidden);

    /**
     * Replaces FFN value slots — the output projection's vectors of neurons {@code neurons} of block
     * {@code layer}, as columns of a [hidden, intermediate] matrix — until the patch is closed.
     */
    WeightPatch patchValueVectors(int layer, int[] neurons, NDArray[] vectors);

    /** A copy of FFN value slot i of a block, [hidden], in the given scope. */
    NDArray valueVector(NDManager scope, int layer, int neuron);

    /** A copy of a token's input embedding, [hidden]. */
    NDArray inputEmbedding(NDManager scope, int id);

    /** A copy of a token's output embedding (its row of the unembedding), [hidden]. */
    NDArray outputEmbedding(NDManager scope, int id);

    @Override
    void close();
}
