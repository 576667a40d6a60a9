package org.knlab.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of the places in the forward pass where a hook may read or change activations, with
 * TransformerLens' names and semantics for BERT ({@code BertEmbed}, {@code BertBlock}: post-LayerNorm
 * blocks). Every tensor is {@code [batch, position, width]}; width is the hidden size except for
 * {@code mlp.hook_pre} / {@code mlp.hook_post} (intermediate size). Each tensor has exactly one name:
 * TransformerLens' {@code embed.ln.hook_normalized} and {@code blocks.{l}.ln2.hook_normalized} are the
 * same tensors as {@link #FULL_EMBED} and {@link #normalizedResidPost} and are not separate hooks.
 */
public final class HookPoint {

    /** Word (token) embeddings, before the sum and LayerNorm. */
    public static final String EMBED = "embed.hook_embed";

    /** Position embeddings of positions 0..length-1, repeated over the batch. */
    public static final String POS_EMBED = "embed.hook_pos_embed";

    /** Token-type (segment) embeddings; every token is segment 0. */
    public static final String TOKEN_TYPE_EMBED = "embed.hook_token_type_embed";

    /** LayerNorm(embed + pos_embed + token_type_embed): the residual stream entering block 0. */
    public static final String FULL_EMBED = "hook_full_embed";

    private static final List<String> EMBEDDINGS = List.of(EMBED, POS_EMBED, TOKEN_TYPE_EMBED, FULL_EMBED);

    /** Per-block names, in the order the forward pass reaches them. */
    private static final List<String> BLOCK = List.of(
            "hook_resid_pre",
            "hook_attn_out",
            "hook_resid_mid",
            "ln1.hook_normalized",
            "mlp.hook_pre",
            "mlp.hook_post",
            "hook_mlp_out",
            "hook_resid_post",
            "hook_normalized_resid_post");

    /** A decoder's (GPT-2, Llama) token and position embeddings: TransformerLens' HookedTransformer names. */
    public static final String DECODER_EMBED = "hook_embed";

    public static final String DECODER_POS_EMBED = "hook_pos_embed";

    /**
     * A pre-LayerNorm decoder block's names, in forward order; {@code mlp.hook_pre_linear} (the up
     * projection) exists in gated MLPs (Llama) only, whose {@code mlp.hook_pre} is the gate's input.
     */
    private static final List<String> DECODER_BLOCK = List.of(
            "hook_resid_pre",
            "ln1.hook_normalized",
            "hook_attn_out",
            "hook_resid_mid",
            "ln2.hook_normalized",
            "mlp.hook_pre",
            "mlp.hook_pre_linear",
            "mlp.hook_post",
            "hook_mlp_out",
            "hook_resid_post");

    private static final Pattern BLOCK_NAME = Pattern.compile("blocks\\.\\d+\\.(.+)");

    private HookPoint() {}

    /** Residual stream entering block l: {@link #FULL_EMBED}, or block l-1's {@link #normalizedResidPost}. */
    public static String residPre(int layer) {
        return block(layer, "hook_resid_pre");
    }

    /** Attention output (after its dense projection, before the residual add). */
    public static String attnOut(int layer) {
        return block(layer, "hook_attn_out");
    }

    /** resid_pre + attn_out, before the attention LayerNorm. */
    public static String residMid(int layer) {
        return block(layer, "hook_resid_mid");
    }

    /** LayerNorm(resid_mid) with the attention output LayerNorm ({@code ln1}): the FFN's input. */
    public static String ln1Normalized(int layer) {
        return block(layer, "ln1.hook_normalized");
    }

    /** FFN pre-activations (input of GELU), width = intermediate size. */
    public static String mlpPre(int layer) {
        return block(layer, "mlp.hook_pre");
    }

    /** FFN post-GELU activations: the "neurons" of the knowledge-neurons paper; width = intermediate size. */
    public static String mlpPost(int layer) {
        return block(layer, "mlp.hook_post");
    }

    /** FFN output (after {@code output.dense}, before the residual add). */
    public static String mlpOut(int layer) {
        return block(layer, "hook_mlp_out");
    }

    /** ln1.hook_normalized + mlp_out, before the FFN output LayerNorm. */
    public static String residPost(int layer) {
        return block(layer, "hook_resid_post");
    }

    /** LayerNorm(resid_post) with the FFN output LayerNorm ({@code ln2}): the block's output. */
    public static String normalizedResidPost(int layer) {
        return block(layer, "hook_normalized_resid_post");
    }

    /**
     * Block l's points after its attention has mixed the positions: from there on a position's values
     * depend on that position alone (what lets {@link LanguageModel#readout} compute the last block at the
     * read positions only).
     */
    public static List<String> positionwise(int layer) {
        return BLOCK.subList(1, BLOCK.size()).stream()
                .map(name -> block(layer, name))
                .toList();
    }

    /** Every hook point of a model with the given number of blocks, in forward order. */
    public static List<String> all(int layers) {
        List<String> out = new ArrayList<>(EMBEDDINGS);
        for (int l = 0; l < layers; l++) {
            for (String name : BLOCK) {
                out.add(block(l, name));
            }
        }
        return out;
    }

    /** A decoder block's points after its attention: positionwise, as {@link #positionwise} for BERT. */
    public static List<String> decoderPositionwise(int layer) {
        return DECODER_BLOCK.subList(2, DECODER_BLOCK.size()).stream()
                .map(name -> block(layer, name))
                .toList();
    }

    /** A decoder block's points before its attention (its input and the attention's input). */
    public static List<String> decoderBeforeAttention(int layer) {
        return DECODER_BLOCK.subList(0, 2).stream()
                .map(name -> block(layer, name))
                .toList();
    }

    /** Every hook point of a decoder with the given blocks, position embeddings (GPT-2) and gated MLP (Llama). */
    public static List<String> decoderAll(int layers, boolean positionEmbeddings, boolean gated) {
        List<String> out = new ArrayList<>(List.of(DECODER_EMBED));
        if (positionEmbeddings) {
            out.add(DECODER_POS_EMBED);
        }
        for (int l = 0; l < layers; l++) {
            for (String name : DECODER_BLOCK) {
                if (gated || !name.equals("mlp.hook_pre_linear")) {
                    out.add(block(l, name));
                }
            }
        }
        return out;
    }

    /** ln(resid_mid), the FFN's input in a pre-LN block. */
    public static String ln2Normalized(int layer) {
        return block(layer, "ln2.hook_normalized");
    }

    /** A gated MLP's up projection (its {@code mlp.hook_pre} is the gate's pre-activation). */
    public static String mlpPreLinear(int layer) {
        return block(layer, "mlp.hook_pre_linear");
    }

    /** Whether the name is a hook point of some model (any block index). */
    public static boolean isValid(String name) {
        if (name == null) {
            return false;
        }
        Matcher m = BLOCK_NAME.matcher(name);
        return EMBEDDINGS.contains(name)
                || name.equals(DECODER_EMBED)
                || name.equals(DECODER_POS_EMBED)
                || m.matches() && (BLOCK.contains(m.group(1)) || DECODER_BLOCK.contains(m.group(1)));
    }

    static String block(int layer, String name) {
        return "blocks." + layer + "." + name;
    }
}
