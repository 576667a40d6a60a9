package org.knlab.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.knlab.model.ModelIdentity;
import org.knlab.text.HfTokenizer;
import org.knlab.text.PromptTokenizer;

/**
 * What every architecture holds the same way: its identity, its tokenizer, and the manager that owns
 * its weights (on its device), from which each request's scope is taken and which closing frees.
 */
abstract class WeightsOwner implements LanguageModel {

    protected final NDManager manager;
    private final ModelIdentity identity;
    private final PromptTokenizer tokenizer;

    WeightsOwner(ModelIdentity identity, PromptTokenizer tokenizer, String architecture, Device device) {
        this.identity = identity;
        this.tokenizer = tokenizer;
        this.manager = NDManager.newBaseManager(device);
        manager.setName(architecture + ":" + identity.id());
    }

    @Override
    public ModelIdentity identity() {
        return identity;
    }

    @Override
    public PromptTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public NDManager newScope() {
        return manager.newSubManager();
    }

    @Override
    public Device device() {
        return manager.getDevice();
    }

    /** Number of arrays held by the model itself (weights): constant unless something leaks into it. */
    @Override
    public int heldArrays() {
        return manager.getManagedArrays().size();
    }

    @Override
    public void close() {
        manager.close();
        if (tokenizer instanceof HfTokenizer own) {
            own.close();
        }
    }
}
