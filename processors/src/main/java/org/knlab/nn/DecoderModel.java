package org.knlab.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.knlab.model.HfCheckpoint;
import org.knlab.text.HfTokenizer;
import org.knlab.text.PromptStyle;

/**
 * A causal, pre-LayerNorm decoder (GPT-2, Llama) read out at each prompt's last token, with
 * TransformerLens' HookedTransformer names. Per block:
 * <pre>
 *   resid_pre ─► ln1 ─► attention ─► attn_out;  resid_mid = resid_pre + attn_out
 *   resid_mid ─► ln2 ─► mlp.hook_pre ─► act ─► mlp.hook_post (the neurons) ─► W_out ─► mlp_out
 *   resid_post = resid_mid + mlp_out
 * </pre>
 * and the head is unembed(final_norm(resid)). Rows are right-padded, so a causal mask alone keeps
 * padding out of every real position. An architecture supplies its embeddings, norms, attention and
 * MLP; the value slots are the columns of W_out held as [hidden, intermediate].
 */
abstract class DecoderModel extends WeightsOwner {

    private final DecoderShape shape;

    DecoderModel(HfCheckpoint ckpt, DecoderShape shape, Device device) {
        super(
                ckpt.identity(),
                HfTokenizer.open(ckpt.dir(), PromptStyle.NEXT_TOKEN, Optional.empty(), shape.vocabSize()),
                shape.modelType(),
                device);
        this.shape = shape;
    }

    /** Block l's FFN output projection, [hidden, intermediate]: its columns are the value slots. */
    protected abstract NDArray outWeight(int layer);

    protected abstract NDArray outBias(int layer);

    /** The token embedding table [vocab, hidden]. */
    protected abstract NDArray embeddingTable();

    /** The unembedding [vocab, hidden] (the embedding table when tied). */
    protected abstract NDArray unembedding();

    protected abstract NDArray norm1(int layer, NDArray x);

    protected abstract NDArray norm2(int layer, NDArray x);

    protected abstract NDArray finalNorm(NDArray x);

    /** Self-attention of block l over the normalised stream, before its output projection: [batch, T, heads·size]. */
    protected abstract NDArray attentionContext(int layer, NDArray normalized, NDArray bias);

    /** Block l's attention output projection of a context. */
    protected abstract NDArray attentionProjection(int layer, NDArray context);

    /** The FFN up to its neurons: runs {@code mlp.hook_pre} (and {@code hook_pre_linear}) and returns hook_post's input. */
    protected abstract NDArray neurons(int layer, NDArray normalized, Hooks hooks);

    /** The FFN's nonlinearity: hook_post from hook_pre and the FFN's normalised input (a gated MLP's up projection). */
    protected abstract NDArray activate(int layer, NDArray normalized, NDArray pre);

    protected abstract boolean gated();

    protected abstract boolean positionEmbeddings();

    @Override
    public NDArray blocks(NDArray x, NDArray bias, int from, int to, Hooks hooks) {
        NDArray h = x;
        for (int l = from; l < to; l++) {
            int layer = l;
            h = BlockScope.run(h, shape, hooks, layer, in -> {
                NDArray resid = hooks.run(HookPoint.residPre(layer), in);
                NDArray n1 = hooks.run(HookPoint.ln1Normalized(layer), norm1(layer, resid));
                return afterAttention(
                        layer, resid, attentionProjection(layer, attentionContext(layer, n1, bias)), hooks);
            });
        }
        return h;
    }

    /** Block l from its attention's output on: positionwise, so x may hold any subset of positions. */
    private NDArray afterAttention(int l, NDArray x, NDArray attention, Hooks hooks) {
        NDArray attn = hooks.run(HookPoint.attnOut(l), attention);
        NDArray mid = hooks.run(HookPoint.residMid(l), x.add(attn));
        NDArray n2 = hooks.run(HookPoint.ln2Normalized(l), norm2(l, mid));
        NDArray post = hooks.run(HookPoint.mlpPost(l), neurons(l, n2, hooks));
        NDArray out = hooks.run(HookPoint.mlpOut(l), linear(post, outWeight(l), outBias(l)));
        return hooks.run(HookPoint.residPost(l), mid.add(out));
    }

    /**
     * Block l at one position per row ([rows, hidden]): keys and values from every position of x, the
     * attention's output projection, the MLP and the hooks (restricted to those positions) at the
     * answer positions only — in a causal model nothing else of the block reaches them.
     */
    private NDArray atAnswer(int l, NDArray x, NDArray bias, int[] positions, Hooks restricted) {
        NDArray context =
                MaskRows.at(attentionContext(l, norm1(l, x), bias), positions).expandDims(1);
        return afterAttention(l, MaskRows.at(x, positions).expandDims(1), attentionProjection(l, context), restricted)
                .squeeze(1);
    }

    /** Block l's hooks restricted to the answer positions, or empty when a hook needs every position. */
    private static Optional<Hooks> restricted(int l, Hooks hooks, int[] positions) {
        return hooks.onAny(HookPoint.decoderBeforeAttention(l))
                ? Optional.empty()
                : hooks.atPositions(HookPoint.decoderPositionwise(l), positions);
    }

    /** The last block at the answer positions only, when its hooks allow. */
    @Override
    public NDArray readout(NDArray x, NDArray bias, int from, int[] positions, Hooks hooks) {
        int last = shape.numLayers() - 1;
        if (from > last) {
            return MaskRows.at(x, positions);
        }
        NDArray h = blocks(x, bias, from, last, hooks);
        Optional<Hooks> r = restricted(last, hooks, positions);
        if (r.isEmpty()) {
            return MaskRows.at(blocks(h, bias, last, last + 1, hooks), positions);
        }
        PassMemory.requireBlock(shape, h); // the last block, outside blocks()
        return atAnswer(last, h, bias, positions, r.get());
    }

    /**
     * A restart inside block l: every later block at the answer positions only, its keys and values from
     * the cached pass's earlier positions (which a change at the answer position cannot reach in a
     * causal model) and the answer's own state.
     */
    @Override
    public NDArray continueFromMask(
            int layer,
            NDArray residMidAtMask,
            NDArray postAtMask,
            IntFunction<NDArray> cleanBlockOutput,
            NDArray bias,
            int[] positions,
            Hooks hooks) {
        NDArray answer = feedForwardOutput(layer, residMidAtMask, postAtMask);
        for (int j = layer + 1; j < shape.numLayers(); j++) {
            NDArray x = LanguageModel.withAnswerRows(cleanBlockOutput.apply(j - 1), answer, positions);
            Optional<Hooks> r = restricted(j, hooks, positions);
            if (r.isEmpty()) {
                return readout(x, bias, j, positions, hooks);
            }
            answer = atAnswer(j, x, bias, positions, r.get());
        }
        return answer;
    }

    @Override
    public NDArray activation(int layer, NDArray residMid, NDArray pre) {
        return activate(layer, norm2(layer, residMid), pre);
    }

    @Override
    public NDArray feedForwardOutput(int layer, NDArray residMid, NDArray post) {
        return residMid.add(linear(post, outWeight(layer), outBias(layer)));
    }

    /** Causal: row r's position i sees positions ≤ i. [batch, 1, T, T], batch materialised (rows are repeated). */
    @Override
    public NDArray attentionBias(NDManager scope, TokenBatch batch) {
        int len = batch.length();
        float[] causal = new float[batch.size() * len * len];
        for (int r = 0; r < batch.size(); r++) {
            for (int i = 0; i < len; i++) {
                for (int j = i + 1; j < len; j++) {
                    causal[(r * len + i) * len + j] = -1e9f;
                }
            }
        }
        return scope.create(causal, new Shape(batch.size(), 1, len, len));
    }

    @Override
    public NDArray logits(NDArray hidden) {
        PassMemory.requireLogits(shape, hidden);
        return linear(finalNorm(hidden), unembedding(), null);
    }

    protected static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return Linear.linear(x, weight, bias).singletonOrThrow();
    }

    /** [batch, T, heads·size] → [batch, heads, T, size]. */
    protected static NDArray splitHeads(NDArray x, int heads, int size) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), heads, size).transpose(0, 2, 1, 3);
    }

    /** softmax(q·kᵀ·scale + bias)·v over heads, back to [batch, T, heads·size]. */
    protected static NDArray attend(NDArray q, NDArray k, NDArray v, NDArray scale, NDArray bias) {
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale);
        if (bias != null) {
            scores = scores.add(bias);
        }
        NDArray context = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3);
        Shape s = context.getShape();
        return context.reshape(s.get(0), s.get(1), s.get(2) * s.get(3));
    }

    @Override
    public WeightPatch patchValueVectors(int layer, int[] neurons, NDArray[] vectors) {
        return new WeightPatch(outWeight(layer), neurons, vectors);
    }

    @Override
    public NDArray valueVector(NDManager scope, int layer, int neuron) {
        return outWeight(layer).get(scope, new NDIndex(":, {}", neuron)).duplicate();
    }

    @Override
    public NDArray inputEmbedding(NDManager scope, int id) {
        return embeddingTable().get(scope, new NDIndex("{}", id)).duplicate();
    }

    @Override
    public NDArray outputEmbedding(NDManager scope, int id) {
        return unembedding().get(scope, new NDIndex("{}", id)).duplicate();
    }

    @Override
    public List<String> hookPoints() {
        return HookPoint.decoderAll(shape.numLayers(), positionEmbeddings(), gated());
    }

    @Override
    public String ffnResidualHook(int layer) {
        return HookPoint.residMid(layer);
    }

    @Override
    public String blockOutputHook(int layer) {
        return HookPoint.residPost(layer);
    }

    @Override
    public DecoderShape config() {
        return shape;
    }

    @Override
    public String architecture() {
        return shape.modelType();
    }
}
