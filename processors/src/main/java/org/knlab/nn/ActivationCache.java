package org.knlab.nn;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import java.util.Set;

/**
 * The activations of one forward pass by hook point name, as TransformerLens' {@code run_with_cache}
 * returns them. The arrays live in the pass's scope: read them before the caller closes it.
 */
public final class ActivationCache {

    private final Map<String, NDArray> byName;

    ActivationCache(Map<String, NDArray> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** The activation at a cached hook point, {@code [batch, position, width]}. */
    public NDArray get(String name) {
        NDArray value = byName.get(name);
        if (value == null) {
            throw new IllegalArgumentException(
                    "hook point '" + name + "' is not in the cache; it holds " + byName.keySet());
        }
        return value;
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
