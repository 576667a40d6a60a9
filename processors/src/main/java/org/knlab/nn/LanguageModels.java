package org.knlab.nn;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import org.knlab.errors.CheckpointException;
import org.knlab.model.BertCheckpoint;
import org.knlab.model.HfCheckpoint;
import org.knlab.model.ModelStore;

/**
 * Loads a model of any supported architecture by its Hugging Face {@code model_type}. Adding an
 * architecture: one {@link LanguageModel} class, one case here, and its reference test.
 */
public final class LanguageModels {

    /** The {@code model_type}s kn-lab runs, in the order the message lists them. */
    public static final List<String> SUPPORTED = List.of("bert", "roberta", "gpt2", "llama", "mistral", "qwen2");

    private LanguageModels() {}

    public static LanguageModel load(ModelStore store, String id, Device device) {
        return load(id, store.checkpoint(id), device);
    }

    /** A model whose neurons are at {@code site}; closing it closes the model. */
    public static LanguageModel load(ModelStore store, String id, Device device, NeuronSite site) {
        LanguageModel model = load(store, id, device);
        return site == NeuronSite.PRE ? new PreActivationNeurons(model, true) : model;
    }

    public static LanguageModel load(String id, Path dir, Device device) {
        EngineSettings.applied(); // before the engine starts: threads
        String type = HfCheckpoint.config(dir).path("model_type").asText("");
        return switch (type) {
            case "bert", "roberta" -> BertModel.load(BertCheckpoint.open(id, dir), device);
            case "gpt2" -> Gpt2Model.load(HfCheckpoint.open(id, dir, Gpt2Model::normalise), device);
            case "llama", "mistral", "qwen2" ->
                LlamaModel.load(HfCheckpoint.open(id, dir, LlamaModel::normalise), device);
            default ->
                throw new CheckpointException("config.json: model_type '" + type + "' is not supported;"
                        + " kn-lab runs " + String.join(", ", SUPPORTED));
        };
    }
}
