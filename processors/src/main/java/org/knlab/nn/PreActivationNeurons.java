package org.knlab.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.function.IntFunction;
import org.knlab.model.ModelIdentity;
import org.knlab.text.PromptTokenizer;

/**
 * A model whose neurons are its FFN pre-activations ({@code mlp.hook_pre}, {@link NeuronSite#PRE}): the
 * same weights and forward pass, but the studies' hooks act on {@code mlp.hook_pre} and a restart
 * inside block l takes pre-activations, which {@link LanguageModel#activation} turns into the block's
 * {@code mlp.hook_post}. So integrated gradients scale, and interventions set, the pre-activations.
 * A view made by {@link LanguageModel#withNeuronSite} does not own the model (closing it leaves the
 * model open); one made by {@link LanguageModels#load(org.knlab.model.ModelStore, String, Device, NeuronSite)} does.
 */
final class PreActivationNeurons implements LanguageModel {

    private final LanguageModel model;
    private final boolean ownsModel;

    PreActivationNeurons(LanguageModel model, boolean ownsModel) {
        this.model = model;
        this.ownsModel = ownsModel;
    }

    @Override
    public NeuronSite neuronSite() {
        return NeuronSite.PRE;
    }

    @Override
    public LanguageModel withNeuronSite(NeuronSite site) {
        return site == NeuronSite.PRE ? this : model;
    }

    @Override
    public NDArray feedForwardOutput(int layer, NDArray ffnResidual, NDArray pre) {
        return model.feedForwardOutput(layer, ffnResidual, model.activation(layer, ffnResidual, pre));
    }

    @Override
    public NDArray continueFromMask(
            int layer,
            NDArray ffnResidualAtMask,
            NDArray preAtMask,
            IntFunction<NDArray> cleanBlockOutput,
            NDArray bias,
            int[] maskPositions,
            Hooks hooks) {
        NDArray post = model.activation(layer, ffnResidualAtMask, preAtMask);
        return model.continueFromMask(layer, ffnResidualAtMask, post, cleanBlockOutput, bias, maskPositions, hooks);
    }

    @Override
    public NDArray activation(int layer, NDArray ffnResidual, NDArray pre) {
        return model.activation(layer, ffnResidual, pre);
    }

    // Everything else is the model's own.

    @Override
    public ModelIdentity identity() {
        return model.identity();
    }

    @Override
    public ModelShape config() {
        return model.config();
    }

    @Override
    public String architecture() {
        return model.architecture();
    }

    @Override
    public PromptTokenizer tokenizer() {
        return model.tokenizer();
    }

    @Override
    public List<String> hookPoints() {
        return model.hookPoints();
    }

    @Override
    public String ffnResidualHook(int layer) {
        return model.ffnResidualHook(layer);
    }

    @Override
    public String blockOutputHook(int layer) {
        return model.blockOutputHook(layer);
    }

    @Override
    public NDManager newScope() {
        return model.newScope();
    }

    @Override
    public Device device() {
        return model.device();
    }

    @Override
    public int heldArrays() {
        return model.heldArrays();
    }

    @Override
    public NDArray embed(NDArray ids, Hooks hooks) {
        return model.embed(ids, hooks);
    }

    @Override
    public NDArray attentionBias(NDManager scope, TokenBatch batch) {
        return model.attentionBias(scope, batch);
    }

    @Override
    public NDArray blocks(NDArray x, NDArray attentionBias, int from, int to, Hooks hooks) {
        return model.blocks(x, attentionBias, from, to, hooks);
    }

    @Override
    public NDArray readout(NDArray x, NDArray bias, int from, int[] positions, Hooks hooks) {
        return model.readout(x, bias, from, positions, hooks);
    }

    @Override
    public NDArray logits(NDArray hidden) {
        return model.logits(hidden);
    }

    @Override
    public WeightPatch patchValueVectors(int layer, int[] neurons, NDArray[] vectors) {
        return model.patchValueVectors(layer, neurons, vectors);
    }

    @Override
    public NDArray valueVector(NDManager scope, int layer, int neuron) {
        return model.valueVector(scope, layer, neuron);
    }

    @Override
    public NDArray inputEmbedding(NDManager scope, int id) {
        return model.inputEmbedding(scope, id);
    }

    @Override
    public NDArray outputEmbedding(NDManager scope, int id) {
        return model.outputEmbedding(scope, id);
    }

    @Override
    public void close() {
        if (ownsModel) {
            model.close();
        }
    }
}
