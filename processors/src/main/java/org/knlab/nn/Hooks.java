package org.knlab.nn;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /**
     * The hooks of block {@code layer}'s positionwise points for that block computed at one position
     * per row ({@link ActivationHook#atPositions}); empty when one of them cannot be restricted.
     */
    Optional<Hooks> atPositions(int layer, int[] positions) {
        return atPositions(HookPoint.positionwise(layer), positions);
    }

    /** The hooks of the given points restricted to one position per row; empty when one cannot be. */
    Optional<Hooks> atPositions(List<String> points, int[] positions) {
        Hooks restricted = new Hooks();
        for (String point : points) {
            for (ActivationHook hook : byPoint.getOrDefault(point, List.of())) {
                Optional<ActivationHook> at = hook.atPositions(positions);
                if (at.isEmpty()) {
                    return Optional.empty();
                }
                restricted.add(point, at.get());
            }
        }
        return Optional.of(restricted);
    }

    /** Whether a hook on a point of block {@code layer} may keep what it sees ({@link ActivationHook#keepsActivations}). */
    boolean keptInBlock(int layer) {
        String prefix = HookPoint.block(layer, "");
        return byPoint.entrySet().stream()
                .anyMatch(e -> e.getKey().startsWith(prefix)
                        && e.getValue().stream().anyMatch(ActivationHook::keepsActivations));
    }

    /** Whether any hook sits on one of the points. */
    boolean onAny(List<String> points) {
        return points.stream().anyMatch(byPoint::containsKey);
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
