package org.knlab.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import java.util.ArrayList;
import java.util.List;
import org.knlab.model.HfCheckpoint;

/**
 * The Llama family (Llama 2/3.0, Mistral, Qwen2, SmolLM, TinyLlama) from a Hugging Face
 * {@code LlamaForCausalLM}-style checkpoint: RMSNorm, rotary positions (Hugging Face's rotate-half
 * layout), grouped-query attention (key/value heads repeated), optional q/k/v biases (Qwen2), and the
 * gated MLP {@code down_proj(silu(gate_proj x) · up_proj x)} whose neurons — TransformerLens'
 * {@code mlp.hook_post} — are the input of {@code down_proj}; its columns are the value slots. The
 * head is {@code lm_head} or, when tied, the token embeddings.
 */
public final class LlamaModel extends DecoderModel {

    private record Block(
            NDArray inputNorm,
            NDArray qW,
            NDArray qB,
            NDArray kW,
            NDArray kB,
            NDArray vW,
            NDArray vB,
            NDArray oW,
            NDArray postNorm,
            NDArray gateW,
            NDArray upW,
            NDArray downW) {}

    private final NDArray embed;
    private final NDArray head;
    private final List<Block> blocks = new ArrayList<>();
    private final NDArray finalNorm;
    private final NDArray scale;
    private final NDArray eps;
    /** Inverse rotary frequencies θ^(−2i/d), i < d/2, [d/2]. */
    private final NDArray inverseFrequencies;

    private LlamaModel(HfCheckpoint ckpt, DecoderShape s, Device device) {
        super(ckpt, s, device);
        try {
            long h = s.hiddenSize();
            long f = s.intermediateSize();
            long q = (long) s.numHeads() * s.headSize();
            long kv = (long) s.kvHeads() * s.headSize();
            WeightLoader w = new WeightLoader(ckpt, manager);
            embed = w.load("embed_tokens.weight", s.vocabSize(), h);
            boolean tied = s.tiedEmbeddings() || !ckpt.has("lm_head.weight");
            head = tied ? embed : w.load("lm_head.weight", s.vocabSize(), h);
            for (int l = 0; l < s.numLayers(); l++) {
                String p = "layers." + l + ".";
                blocks.add(new Block(
                        w.load(p + "input_layernorm.weight", h),
                        w.load(p + "self_attn.q_proj.weight", q, h),
                        optional(w, ckpt, p + "self_attn.q_proj.bias", q),
                        w.load(p + "self_attn.k_proj.weight", kv, h),
                        optional(w, ckpt, p + "self_attn.k_proj.bias", kv),
                        w.load(p + "self_attn.v_proj.weight", kv, h),
                        optional(w, ckpt, p + "self_attn.v_proj.bias", kv),
                        w.load(p + "self_attn.o_proj.weight", h, q),
                        w.load(p + "post_attention_layernorm.weight", h),
                        w.load(p + "mlp.gate_proj.weight", f, h),
                        w.load(p + "mlp.up_proj.weight", f, h),
                        w.load(p + "mlp.down_proj.weight", h, f)));
            }
            finalNorm = w.load("norm.weight", h);
            scale = manager.create(1f / (float) Math.sqrt(s.headSize()));
            eps = manager.create((float) s.normEps());
            double theta = ckpt.config().path("rope_theta").asDouble(10000);
            float[] inv = new float[s.headSize() / 2];
            for (int i = 0; i < inv.length; i++) {
                inv[i] = (float) (1 / Math.pow(theta, 2.0 * i / s.headSize()));
            }
            inverseFrequencies = manager.create(inv);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static NDArray optional(WeightLoader w, HfCheckpoint ckpt, String name, long size) {
        return ckpt.has(name) ? w.load(name, size) : null;
    }

    /** Checkpoint tensor names without the {@code model.} prefix of {@code LlamaForCausalLM}. */
    public static String normalise(String name) {
        return name.startsWith("model.") ? name.substring("model.".length()) : name;
    }

    public static LlamaModel load(HfCheckpoint ckpt, Device device) {
        return new LlamaModel(ckpt, DecoderShape.llama(ckpt.config()), device);
    }

    @Override
    public NDArray embed(NDArray ids, Hooks hooks) {
        return hooks.run(
                HookPoint.DECODER_EMBED,
                Embedding.embedding(ids, embed, SparseFormat.DENSE).singletonOrThrow());
    }

    @Override
    protected NDArray attentionContext(int layer, NDArray x, NDArray bias) {
        Block b = blocks.get(layer);
        DecoderShape s = config();
        int len = (int) x.getShape().get(1);
        NDArray q = rotate(splitHeads(linear(x, b.qW, b.qB), s.numHeads(), s.headSize()), len);
        NDArray k = rotate(splitHeads(linear(x, b.kW, b.kB), s.kvHeads(), s.headSize()), len);
        NDArray v = splitHeads(linear(x, b.vW, b.vB), s.kvHeads(), s.headSize());
        int group = s.numHeads() / s.kvHeads();
        if (group > 1) { // grouped-query attention: each key/value head serves `group` query heads
            k = k.repeat(1, group);
            v = v.repeat(1, group);
        }
        return attend(q, k, v, scale, bias);
    }

    @Override
    protected NDArray attentionProjection(int layer, NDArray context) {
        return linear(context, blocks.get(layer).oW, null);
    }

    /** Rotary positions on [batch, heads, T, d]: x·cos + rotate_half(x)·sin, positions 0..T-1. */
    private NDArray rotate(NDArray x, int len) {
        NDArray positions = x.getManager().arange(0f, len, 1f, DataType.FLOAT32).expandDims(1); // [T, 1]
        NDArray freqs = positions.matMul(inverseFrequencies.expandDims(0)); // [T, d/2]
        NDArray angles = freqs.concat(freqs, 1); // [T, d]
        long half = x.getShape().get(3) / 2;
        NDList halves = x.split(new long[] {half}, 3);
        NDArray rotated = halves.get(1).neg().concat(halves.get(0), 3);
        return x.mul(angles.cos()).add(rotated.mul(angles.sin()));
    }

    @Override
    protected NDArray neurons(int layer, NDArray x, Hooks hooks) {
        Block b = blocks.get(layer);
        NDArray gate = hooks.run(HookPoint.mlpPre(layer), linear(x, b.gateW, null));
        NDArray up = hooks.run(HookPoint.mlpPreLinear(layer), linear(x, b.upW, null));
        return gated(gate, up);
    }

    @Override
    protected NDArray activate(int layer, NDArray normalized, NDArray gate) {
        return gated(gate, linear(normalized, blocks.get(layer).upW, null));
    }

    /** silu(gate) · up. */
    private static NDArray gated(NDArray gate, NDArray up) {
        return gate.mul(Activation.sigmoid(gate)).mul(up);
    }

    /** RMSNorm: x / √(mean(x²) + ε) · w. */
    private NDArray rmsNorm(NDArray x, NDArray weight) {
        return x.div(x.mul(x).mean(new int[] {-1}, true).add(eps).sqrt()).mul(weight);
    }

    @Override
    protected NDArray norm1(int layer, NDArray x) {
        return rmsNorm(x, blocks.get(layer).inputNorm);
    }

    @Override
    protected NDArray norm2(int layer, NDArray x) {
        return rmsNorm(x, blocks.get(layer).postNorm);
    }

    @Override
    protected NDArray finalNorm(NDArray x) {
        return rmsNorm(x, finalNorm);
    }

    @Override
    protected NDArray outWeight(int layer) {
        return blocks.get(layer).downW;
    }

    @Override
    protected NDArray outBias(int layer) {
        return null;
    }

    @Override
    protected NDArray embeddingTable() {
        return embed;
    }

    @Override
    protected NDArray unembedding() {
        return head;
    }

    @Override
    protected boolean gated() {
        return true;
    }

    @Override
    protected boolean positionEmbeddings() {
        return false;
    }
}
