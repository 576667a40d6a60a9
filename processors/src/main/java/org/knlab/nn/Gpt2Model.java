package org.knlab.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.LayerNorm;
import java.util.ArrayList;
import java.util.List;
import org.knlab.model.HfCheckpoint;

/**
 * GPT-2 (small to XL, DistilGPT2) from a Hugging Face {@code GPT2LMHeadModel} checkpoint: learned
 * positions, pre-LayerNorm blocks, fused q/k/v, {@code gelu_new}, LM head tied to the token
 * embeddings. {@code Conv1D} weights are stored input-major ([in, out]) and are transposed on load,
 * so the value slots ({@code mlp.c_proj} rows in the file) are the columns of W_out here.
 */
public final class Gpt2Model extends DecoderModel {

    private record Block(
            NDArray ln1W,
            NDArray ln1B,
            NDArray qkvW,
            NDArray qkvB,
            NDArray projW,
            NDArray projB,
            NDArray ln2W,
            NDArray ln2B,
            NDArray fcW,
            NDArray fcB,
            NDArray outW,
            NDArray outB) {}

    private final NDArray wte;
    private final NDArray wpe;
    private final List<Block> blocks = new ArrayList<>();
    private final NDArray lnfW;
    private final NDArray lnfB;
    /** Model-owned constants of the attention scale and gelu_new: autograd may keep them past the op. */
    private final NDArray scale;

    private final NDArray cubic;
    private final NDArray sqrtTwoOverPi;
    private final NDArray one;
    private final NDArray half;

    private Gpt2Model(HfCheckpoint ckpt, DecoderShape s, Device device) {
        super(ckpt, s, device);
        try {
            long h = s.hiddenSize();
            long f = s.intermediateSize();
            WeightLoader w = new WeightLoader(ckpt, manager);
            wte = w.load("wte.weight", s.vocabSize(), h);
            wpe = w.load("wpe.weight", s.maxPositions(), h);
            for (int l = 0; l < s.numLayers(); l++) {
                String p = "h." + l + ".";
                blocks.add(new Block(
                        w.load(p + "ln_1.weight", h),
                        w.load(p + "ln_1.bias", h),
                        w.loadTransposed(p + "attn.c_attn.weight", 3 * h, h),
                        w.load(p + "attn.c_attn.bias", 3 * h),
                        w.loadTransposed(p + "attn.c_proj.weight", h, h),
                        w.load(p + "attn.c_proj.bias", h),
                        w.load(p + "ln_2.weight", h),
                        w.load(p + "ln_2.bias", h),
                        w.loadTransposed(p + "mlp.c_fc.weight", f, h),
                        w.load(p + "mlp.c_fc.bias", f),
                        w.loadTransposed(p + "mlp.c_proj.weight", h, f),
                        w.load(p + "mlp.c_proj.bias", h)));
            }
            lnfW = w.load("ln_f.weight", h);
            lnfB = w.load("ln_f.bias", h);
            scale = manager.create(1f / (float) Math.sqrt(s.headSize()));
            cubic = manager.create(0.044715f);
            sqrtTwoOverPi = manager.create((float) Math.sqrt(2 / Math.PI));
            one = manager.create(1f);
            half = manager.create(0.5f);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Checkpoint tensor names without the {@code transformer.} prefix of {@code GPT2LMHeadModel}. */
    public static String normalise(String name) {
        return name.startsWith("transformer.") ? name.substring("transformer.".length()) : name;
    }

    public static Gpt2Model load(HfCheckpoint ckpt, Device device) {
        return new Gpt2Model(ckpt, DecoderShape.gpt2(ckpt.config()), device);
    }

    @Override
    public NDArray embed(NDArray ids, Hooks hooks) {
        long batch = ids.getShape().get(0);
        long len = ids.getShape().get(1);
        NDArray positions = ids.getManager()
                .arange(0f, len, 1f, DataType.INT64)
                .expandDims(0)
                .repeat(0, batch);
        NDArray tokens = hooks.run(HookPoint.DECODER_EMBED, lookup(ids, wte));
        return tokens.add(hooks.run(HookPoint.DECODER_POS_EMBED, lookup(positions, wpe)));
    }

    private static NDArray lookup(NDArray ids, NDArray table) {
        return Embedding.embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    @Override
    protected NDArray attentionContext(int layer, NDArray x, NDArray bias) {
        Block b = blocks.get(layer);
        DecoderShape s = config();
        NDList qkv = linear(x, b.qkvW, b.qkvB).split(3, 2); // [batch, T, 3·hidden] → q, k, v
        return attend(
                splitHeads(qkv.get(0), s.numHeads(), s.headSize()),
                splitHeads(qkv.get(1), s.numHeads(), s.headSize()),
                splitHeads(qkv.get(2), s.numHeads(), s.headSize()),
                scale,
                bias);
    }

    @Override
    protected NDArray attentionProjection(int layer, NDArray context) {
        return linear(context, blocks.get(layer).projW, blocks.get(layer).projB);
    }

    @Override
    protected NDArray neurons(int layer, NDArray x, Hooks hooks) {
        Block b = blocks.get(layer);
        return activate(layer, x, hooks.run(HookPoint.mlpPre(layer), linear(x, b.fcW, b.fcB)));
    }

    /** gelu_new: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    @Override
    protected NDArray activate(int layer, NDArray normalized, NDArray pre) {
        NDArray inner = pre.add(pre.mul(pre).mul(pre).mul(cubic)).mul(sqrtTwoOverPi);
        return pre.mul(inner.tanh().add(one)).mul(half);
    }

    private NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        return LayerNorm.layerNorm(x, new Shape(gamma.getShape().get(0)), gamma, beta, (float) config().normEps())
                .singletonOrThrow();
    }

    @Override
    protected NDArray norm1(int layer, NDArray x) {
        return layerNorm(x, blocks.get(layer).ln1W, blocks.get(layer).ln1B);
    }

    @Override
    protected NDArray norm2(int layer, NDArray x) {
        return layerNorm(x, blocks.get(layer).ln2W, blocks.get(layer).ln2B);
    }

    @Override
    protected NDArray finalNorm(NDArray x) {
        return layerNorm(x, lnfW, lnfB);
    }

    @Override
    protected NDArray outWeight(int layer) {
        return blocks.get(layer).outW;
    }

    @Override
    protected NDArray outBias(int layer) {
        return blocks.get(layer).outB;
    }

    @Override
    protected NDArray embeddingTable() {
        return wte;
    }

    @Override
    protected NDArray unembedding() {
        return wte;
    }

    @Override
    protected boolean gated() {
        return false;
    }

    @Override
    protected boolean positionEmbeddings() {
        return true;
    }
}
