package org.knlab.nn;

import java.util.regex.Pattern;

/**
 * Names of the places in the forward pass where a hook may read or change activations, in
 * TransformerLens style. Shapes are {@code [batch, position, width]}.
 */
public final class HookPoint {

    /** Embeddings after their LayerNorm: the residual stream entering block 0. */
    public static final String EMBED = "hook_embed";

    private static final Pattern NAME = Pattern.compile("hook_embed|blocks\\.\\d+\\.(hook_resid_pre|hook_resid_mid"
            + "|hook_resid_post|attn\\.hook_out|mlp\\.hook_pre|mlp\\.hook_post|mlp\\.hook_out)");

    private HookPoint() {}

    /** Residual stream entering block l. */
    public static String residPre(int layer) {
        return "blocks." + layer + ".hook_resid_pre";
    }

    /** Attention output (after its dense projection, before the residual add). */
    public static String attnOut(int layer) {
        return "blocks." + layer + ".attn.hook_out";
    }

    /** Residual stream between attention and FFN (after the attention LayerNorm). */
    public static String residMid(int layer) {
        return "blocks." + layer + ".hook_resid_mid";
    }

    /** FFN pre-activations (input of GELU), width = intermediate size. */
    public static String mlpPre(int layer) {
        return "blocks." + layer + ".mlp.hook_pre";
    }

    /** FFN post-GELU activations: the "neurons" of the knowledge-neurons paper. */
    public static String mlpPost(int layer) {
        return "blocks." + layer + ".mlp.hook_post";
    }

    /** FFN output (after {@code output.dense}, before the residual add). */
    public static String mlpOut(int layer) {
        return "blocks." + layer + ".mlp.hook_out";
    }

    /** Residual stream leaving block l (after the FFN LayerNorm). */
    public static String residPost(int layer) {
        return "blocks." + layer + ".hook_resid_post";
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
