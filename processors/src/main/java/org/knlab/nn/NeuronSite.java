package org.knlab.nn;

import java.util.Arrays;
import org.knlab.errors.InvalidParameterException;

/**
 * Which FFN units an experiment calls "the neurons": the activations after the nonlinearity
 * ({@code mlp.hook_post}, Dai et al.'s choice for BERT and the default) or before it ({@code mlp.hook_pre},
 * what EleutherAI's knowledge-neurons hooks for GPT models: the output of {@code c_fc}). Neuron i is the
 * same unit at both sites — the value slot an edit writes does not change — but attribution scales,
 * and suppression and amplification set, different numbers: doubling a pre-activation is not doubling
 * GELU's output. In a gated MLP (Llama) {@code mlp.hook_pre} is the gate's input. The JSON value is the
 * hook name.
 */
public enum NeuronSite {
    POST("mlp.hook_post"),
    PRE("mlp.hook_pre");

    /** The name of the setting, in an experiment request and in a neuron set's provenance parameters. */
    public static final String FIELD = "neuronHook";

    private final String hookName;

    NeuronSite(String hookName) {
        this.hookName = hookName;
    }

    /** The block-relative hook name, e.g. {@code mlp.hook_pre}. */
    public String hookName() {
        return hookName;
    }

    /** The hook point of block l, e.g. {@code blocks.3.mlp.hook_pre}. */
    public String hook(int layer) {
        return HookPoint.block(layer, hookName);
    }

    /** The site of a hook name; null means the default ({@link #POST}). */
    public static NeuronSite of(String hookName, String field) {
        if (hookName == null) {
            return POST;
        }
        return Arrays.stream(values())
                .filter(s -> s.hookName.equals(hookName))
                .findFirst()
                .orElseThrow(() -> new InvalidParameterException(
                        field,
                        field + " must be one of "
                                + Arrays.stream(values())
                                        .map(NeuronSite::hookName)
                                        .toList() + ", got '" + hookName + "'"));
    }
}
