package org.knlab.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.knlab.model.BertCheckpoint;
import org.knlab.model.BertConfig;
import org.knlab.model.DeviceChoice;

/**
 * BERT for masked language modelling, written out with NDArray operations so that every
 * intermediate value passes a named {@link HookPoint}. Post-LayerNorm blocks, exact (erf) GELU,
 * LayerNorm epsilon from the config; the MLM head runs only at the positions asked for.
 *
 * <p>The weights live in this model's {@link NDManager}. Every forward pass takes a scope from
 * {@link #newScope()}; all of its intermediate arrays are attached to that scope and freed when the
 * caller closes it.
 */
public final class BertModel extends WeightsOwner {

    private record Block(
            NDArray queryW,
            NDArray queryB,
            NDArray keyW,
            NDArray keyB,
            NDArray valueW,
            NDArray valueB,
            NDArray attnOutW,
            NDArray attnOutB,
            NDArray ln1W,
            NDArray ln1B,
            NDArray interW,
            NDArray interB,
            NDArray outW,
            NDArray outB,
            NDArray ln2W,
            NDArray ln2B) {}

    private final BertConfig config;
    private final NDArray wordEmb;
    private final NDArray posEmb;
    private final NDArray typeEmb;
    private final NDArray embLnW;
    private final NDArray embLnB;
    private final List<Block> blocks = new ArrayList<>();
    private final NDArray headW;
    private final NDArray headB;
    private final NDArray headLnW;
    private final NDArray headLnB;
    private final NDArray decoderBias;
    /**
     * 1/√(head size) as an array the model owns. Not {@code div(float)}: DJL frees such a scalar's
     * buffer right after the op, while autograd may still hold it for the backward pass.
     */
    private final NDArray attentionScale;

    private BertModel(BertCheckpoint ckpt, Device device) {
        super(ckpt.identity(), ckpt.tokenizer(), ckpt.config().modelType(), device);
        this.config = ckpt.config();
        try {
            long v = config.vocabSize();
            long h = config.hiddenSize();
            long f = config.intermediateSize();
            WeightLoader w = new WeightLoader(ckpt, manager);
            wordEmb = w.load("embeddings.word_embeddings.weight", v, h);
            posEmb =
                    w.load("embeddings.position_embeddings.weight", config.maxPositions() + config.positionOffset(), h);
            typeEmb = w.load("embeddings.token_type_embeddings.weight", config.typeVocabSize(), h);
            embLnW = w.load("embeddings.LayerNorm.weight", h);
            embLnB = w.load("embeddings.LayerNorm.bias", h);
            for (int l = 0; l < config.numLayers(); l++) {
                String p = "encoder.layer." + l + ".";
                blocks.add(new Block(
                        w.load(p + "attention.self.query.weight", h, h),
                        w.load(p + "attention.self.query.bias", h),
                        w.load(p + "attention.self.key.weight", h, h),
                        w.load(p + "attention.self.key.bias", h),
                        w.load(p + "attention.self.value.weight", h, h),
                        w.load(p + "attention.self.value.bias", h),
                        w.load(p + "attention.output.dense.weight", h, h),
                        w.load(p + "attention.output.dense.bias", h),
                        w.load(p + "attention.output.LayerNorm.weight", h),
                        w.load(p + "attention.output.LayerNorm.bias", h),
                        w.load(p + "intermediate.dense.weight", f, h),
                        w.load(p + "intermediate.dense.bias", f),
                        w.load(p + "output.dense.weight", h, f),
                        w.load(p + "output.dense.bias", h),
                        w.load(p + "output.LayerNorm.weight", h),
                        w.load(p + "output.LayerNorm.bias", h)));
            }
            headW = w.load("cls.predictions.transform.dense.weight", h, h);
            headB = w.load("cls.predictions.transform.dense.bias", h);
            headLnW = w.load("cls.predictions.transform.LayerNorm.weight", h);
            headLnB = w.load("cls.predictions.transform.LayerNorm.bias", h);
            decoderBias = w.load(
                    ckpt.has("cls.predictions.bias") ? "cls.predictions.bias" : "cls.predictions.decoder.bias", v);
            attentionScale = manager.create(1f / (float) Math.sqrt(config.headSize()));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Loads a checkpoint onto the GPU when one is present, else the CPU. */
    public static BertModel load(BertCheckpoint checkpoint) {
        return load(checkpoint, DeviceChoice.parse(DeviceChoice.AUTO));
    }

    public static BertModel load(BertCheckpoint checkpoint, Device device) {
        return new BertModel(checkpoint, device);
    }

    /** Residual stream entering block 0: LayerNorm(word + position + segment-0 embeddings). */
    @Override
    public NDArray embed(NDArray ids, Hooks hooks) {
        NDManager scope = ids.getManager();
        long batch = ids.getShape().get(0);
        long len = ids.getShape().get(1);
        // Position and segment ids as [batch, length] lookups, so each hook sees [batch, position, hidden].
        int offset = config.positionOffset(); // RoBERTa's positions start after its padding id
        NDArray positionIds = scope.arange(offset, offset + len, 1, DataType.INT64)
                .expandDims(0)
                .repeat(0, batch);
        NDArray words = hooks.run(HookPoint.EMBED, lookup(ids, wordEmb));
        NDArray positions = hooks.run(HookPoint.POS_EMBED, lookup(positionIds, posEmb));
        NDArray segments = hooks.run(HookPoint.TOKEN_TYPE_EMBED, lookup(ids.zerosLike(), typeEmb));
        return hooks.run(HookPoint.FULL_EMBED, layerNorm(words.add(positions).add(segments), embLnW, embLnB));
    }

    private static NDArray lookup(NDArray ids, NDArray table) {
        return Embedding.embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    /** Additive attention bias hiding padding ([batch, 1, 1, length]), or null when nothing is padded. */
    @Override
    public NDArray attentionBias(NDManager scope, TokenBatch batch) {
        if (!batch.padded()) {
            return null;
        }
        NDArray mask = scope.create(batch.attentionMask(), new Shape(batch.size(), 1, 1, batch.length()));
        return mask.sub(1f).mul(10000f);
    }

    /** Runs blocks [from, to) on the residual stream x. */
    @Override
    public NDArray blocks(NDArray x, NDArray attentionBias, int from, int to, Hooks hooks) {
        NDArray h = x;
        for (int l = from; l < to; l++) {
            int layer = l;
            h = BlockScope.run(h, config, hooks, layer, in -> block(layer, in, attentionBias, hooks));
        }
        return h;
    }

    /**
     * The final hidden states at one position per row, [rows, hidden] — row r's position
     * {@code positions[r]} — from the residual stream x entering block {@code from}. Nothing else is
     * read, so the last block computes its attention queries, FFN and LayerNorms at those positions
     * alone (keys and values at all): about 5/6 of that block's work is skipped. Its hooks see
     * [rows, 1, ·] at the positionwise points ({@link ActivationHook#atPositions}); when one of them
     * cannot, the block runs at every position.
     */
    @Override
    public NDArray readout(NDArray x, NDArray bias, int from, int[] positions, Hooks hooks) {
        int last = config.numLayers() - 1;
        if (from > last) {
            return MaskRows.at(x, positions);
        }
        NDArray h = blocks(x, bias, from, last, hooks);
        PassMemory.requireBlock(config, h); // the last block, outside blocks()
        Optional<Hooks> restricted = hooks.atPositions(last, positions);
        if (restricted.isEmpty()) {
            return MaskRows.at(block(last, h, bias, hooks), positions);
        }
        h = hooks.run(HookPoint.residPre(last), h);
        NDArray query = MaskRows.at(h, positions).expandDims(1); // [rows, 1, hidden]
        return afterAttention(last, query, attention(blocks.get(last), query, h, bias), restricted.get())
                .squeeze(1);
    }

    private NDArray block(int l, NDArray x, NDArray bias, Hooks hooks) {
        x = hooks.run(HookPoint.residPre(l), x);
        return afterAttention(l, x, attention(blocks.get(l), x, x, bias), hooks);
    }

    /** Block l from its attention's output on: positionwise, so x may hold any subset of positions. */
    private NDArray afterAttention(int l, NDArray x, NDArray attention, Hooks hooks) {
        Block b = blocks.get(l);
        NDArray attn = hooks.run(HookPoint.attnOut(l), attention);
        NDArray mid = hooks.run(HookPoint.residMid(l), x.add(attn));
        NDArray normalized = hooks.run(HookPoint.ln1Normalized(l), layerNorm(mid, b.ln1W, b.ln1B));
        NDArray pre = hooks.run(HookPoint.mlpPre(l), linear(normalized, b.interW, b.interB));
        NDArray post = hooks.run(HookPoint.mlpPost(l), Activation.gelu(pre));
        NDArray out = hooks.run(HookPoint.mlpOut(l), linear(post, b.outW, b.outB));
        NDArray resid = hooks.run(HookPoint.residPost(l), normalized.add(out));
        return hooks.run(HookPoint.normalizedResidPost(l), layerNorm(resid, b.ln2W, b.ln2B));
    }

    /**
     * Block l's output ({@code hook_normalized_resid_post}) from given FFN activations, without hooks:
     * LayerNorm(normalized + W_out·post + b), where normalized is the block's {@code ln1.hook_normalized}.
     * For rows that differ from a clean pass only at one position, attribution computes just that
     * position this way.
     */
    @Override
    public NDArray feedForwardOutput(int l, NDArray normalized, NDArray post) {
        Block b = blocks.get(l);
        return layerNorm(normalized.add(linear(post, b.outW, b.outB)), b.ln2W, b.ln2B);
    }

    @Override
    public NDArray activation(int l, NDArray normalized, NDArray pre) {
        return Activation.gelu(pre);
    }

    /** Self-attention of the {@code query} positions over all positions of x ([batch, T, hidden]). */
    private NDArray attention(Block b, NDArray query, NDArray x, NDArray bias) {
        long batch = query.getShape().get(0);
        long len = query.getShape().get(1);
        int heads = config.numHeads();
        int size = config.headSize();
        NDArray q = splitHeads(linear(query, b.queryW, b.queryB), heads, size);
        NDArray k = splitHeads(linear(x, b.keyW, b.keyB), heads, size);
        NDArray v = splitHeads(linear(x, b.valueW, b.valueB), heads, size);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(attentionScale);
        if (bias != null) {
            scores = scores.add(bias);
        }
        NDArray context = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(batch, len, config.hiddenSize());
        return linear(context, b.attnOutW, b.attnOutB);
    }

    private static NDArray splitHeads(NDArray x, int heads, int size) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), heads, size).transpose(0, 2, 1, 3);
    }

    /** MLM logits [k, vocab] of k final hidden states [k, hidden] (e.g. from {@link #readout}). */
    @Override
    public NDArray logits(NDArray hidden) {
        PassMemory.requireLogits(config, hidden);
        NDArray t = layerNorm(Activation.gelu(linear(hidden, headW, headB)), headLnW, headLnB);
        return linear(t, wordEmb, decoderBias);
    }

    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return Linear.linear(x, weight, bias).singletonOrThrow();
    }

    private NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        return LayerNorm.layerNorm(x, new Shape(gamma.getShape().get(0)), gamma, beta, (float) config.layerNormEps())
                .singletonOrThrow();
    }

    /** The value slots are the columns {@code output.dense.weight[:, i]} (HF orientation [hidden, intermediate]). */
    @Override
    public WeightPatch patchValueVectors(int layer, int[] neurons, NDArray[] vectors) {
        return new WeightPatch(blocks.get(layer).outW, neurons, vectors);
    }

    @Override
    public NDArray valueVector(NDManager scope, int layer, int neuron) {
        return blocks.get(layer).outW.get(scope, new NDIndex(":, {}", neuron)).duplicate();
    }

    @Override
    public NDArray inputEmbedding(NDManager scope, int id) {
        return wordEmb.get(scope, new NDIndex("{}", id)).duplicate();
    }

    /** BERT's MLM decoder is tied to the input word embeddings. */
    @Override
    public NDArray outputEmbedding(NDManager scope, int id) {
        return inputEmbedding(scope, id);
    }

    @Override
    public String architecture() {
        return config.modelType();
    }

    @Override
    public List<String> hookPoints() {
        return HookPoint.all(config.numLayers());
    }

    @Override
    public String ffnResidualHook(int layer) {
        return HookPoint.ln1Normalized(layer);
    }

    @Override
    public String blockOutputHook(int layer) {
        return HookPoint.normalizedResidPost(layer);
    }

    @Override
    public BertConfig config() {
        return config;
    }
}
