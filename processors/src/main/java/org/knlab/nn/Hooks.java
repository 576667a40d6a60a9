package org.knlab.nn;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The hooks of one forward pass, by hook point; several hooks on a point run in the order added. */
public final class Hooks {

    private final Map<String, List<ActivationHook>> byPoint = new HashMap<>();

    public static Hooks none() {
        return new Hooks();
    }

    public Hooks add(String point, ActivationHook hook) {
        if (!HookPoint.isValid(point)) {
            throw new IllegalArgumentException("unknown hook point '" + point + "'");
        }
        byPoint.computeIfAbsent(point, k -> new ArrayList<>()).add(hook);
        return this;
    }

    NDArray run(String point, NDArray value) {
        List<ActivationHook> hooks = byPoint.get(point);
        if (hooks == null) {
            return value;
        }
        NDArray v = value;
        for (ActivationHook h : hooks) {
            v = h.apply(v);
        }
        return v;
    }
}
