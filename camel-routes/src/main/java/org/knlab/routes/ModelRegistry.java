package org.knlab.routes;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;
import org.knlab.model.DeviceChoice;
import org.knlab.model.ModelStore;
import org.knlab.nn.EngineSettings;
import org.knlab.nn.LanguageModel;
import org.knlab.nn.LanguageModels;
import org.knlab.nn.NeuronSite;
import org.knlab.schemas.ExperimentRequest;

/**
 * Loaded models by id, one per worker; the default model ({@code kn.default-model}) is loaded at
 * start-up. Steps, shards and joins run on separate consumer threads but share the models, whose
 * weights a value-slot intervention or an edit changes for the length of a pass: {@link #exclusive}
 * runs one such computation at a time on this worker (on a CPU two would only share the cores).
 * None starts once the worker stops, and the models are closed at stop only when none is running
 * (closing them under a computation would fail its experiment; the process exit frees them anyway).
 */
@ApplicationScoped
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final Map<String, LanguageModel> models = new ConcurrentHashMap<>();
    private final ModelStore store;
    private final String defaultModel;
    private volatile boolean defaultLoaded;
    private final boolean worker;
    private final String device;
    private final ReentrantLock computing = new ReentrantLock(true);
    private final WorkerStop stop;

    ModelRegistry(KnConfig config, WorkerStop stop) {
        this.stop = stop;
        this.store = config.modelStore().map(s -> new ModelStore(Path.of(s))).orElseGet(ModelStore::fromEnvironment);
        this.defaultModel = config.defaultModel();
        this.worker = config.runs("worker");
        this.device = config.device();
    }

    void onStart(@Observes StartupEvent event) {
        if (!worker) {
            return; // a store-only process needs no model
        }
        long start = System.nanoTime();
        get(defaultModel);
        defaultLoaded = true;
        LOG.infof("model %s ready in %.1f s", defaultModel, (System.nanoTime() - start) / 1e9);
        LOG.infof("engine: %s", EngineSettings.applied().describe());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (!computing.tryLock()) {
            LOG.info("stopping with a computation in hand: models left to the process exit");
            return;
        }
        try {
            models.values().forEach(LanguageModel::close);
        } finally {
            computing.unlock();
        }
    }

    /** The model store's directory: where train-sae keeps dictionaries and activation datasets. */
    public Path storeRoot() {
        return store.root();
    }

    /** The model a request runs on: its own, or {@code kn.default-model} when it names none. */
    public String idFor(ExperimentRequest request) {
        return request.model() == null ? defaultModel : request.model();
    }

    /** The model a request runs on, its neurons at the request's {@code neuronHook}. */
    public LanguageModel forRequest(ExperimentRequest request) {
        return get(idFor(request)).withNeuronSite(NeuronSite.of(request.neuronHook(), NeuronSite.FIELD));
    }

    public LanguageModel get(String id) {
        return models.computeIfAbsent(id, k -> LanguageModels.load(store, k, DeviceChoice.parse(device)));
    }

    /**
     * Runs {@code work} while no other step, shard or join of this worker computes on a model;
     * throws {@link WorkerStop.Stopping} instead once the worker stops.
     */
    public void exclusive(Runnable work) {
        stop.refuseNewWork();
        computing.lock();
        try {
            stop.refuseNewWork(); // it may have stopped while this waited
            work.run();
        } finally {
            computing.unlock();
        }
    }

    /** Throws unless an id names a model this worker can load (without loading it). */
    public void checkExists(String id) {
        if (!models.containsKey(id)) {
            store.requireKnown(id);
        }
    }

    /** True once the default model is loaded, and always where no worker runs. */
    public boolean defaultLoaded() {
        return defaultLoaded || !worker;
    }
}
