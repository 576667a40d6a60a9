package org.knlab.cli;

import org.knlab.model.DeviceChoice;
import org.knlab.model.ModelStore;
import org.knlab.nn.EngineSettings;
import org.knlab.nn.LanguageModel;
import org.knlab.nn.LanguageModels;
import org.knlab.nn.NeuronSite;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by every command that loads a model. */
final class ModelOptions {

    @Option(
            names = "--model",
            defaultValue = ModelStore.DEFAULT_MODEL,
            paramLabel = "ID",
            description = "Model id: bert-base-cased (default), bert-base-uncased, bert-base-multilingual-cased, or"
                    + " a Hugging Face checkpoint directory inside the model store (BERT, GPT-2, Llama family).")
    String modelId;

    @Mixin
    StoreOptions storeOptions = new StoreOptions();

    @Option(
            names = "--device",
            defaultValue = DeviceChoice.AUTO,
            description = "auto, cpu, gpu or gpu:N"
                    + " (default: ${DEFAULT-VALUE}: the first GPU if the engine sees one, else the CPU).")
    String device;

    @Option(
            names = "--neuron-hook",
            paramLabel = "HOOK",
            description = "Which FFN units are the neurons:"
                    + " mlp.hook_post (default: after the nonlinearity, as Dai et al.) or mlp.hook_pre (before it, as"
                    + " EleutherAI for GPT models).")
    String neuronHook;

    @Option(names = "--verbose", description = "Print load and compute times on stderr.")
    boolean verbose;

    LanguageModel load() {
        ModelStore store = storeOptions.store();
        long start = System.nanoTime();
        NeuronSite site = NeuronSite.of(neuronHook, "--neuron-hook");
        LanguageModel model = LanguageModels.load(store, modelId, DeviceChoice.parse(device), site);
        if (verbose) {
            System.err.println("engine: " + EngineSettings.applied().describe());
            System.err.printf(
                    "loaded %s (sha256 %s) on %s in %.2f s; neurons at %s%n",
                    model.identity().id(),
                    model.identity().sha256(),
                    model.device(),
                    (System.nanoTime() - start) / 1e9,
                    site.hookName());
        }
        return model;
    }
}
