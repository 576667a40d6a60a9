package org.knlab.routes.steps;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knlab.steps.StepType;

/** The handler of every step type; the worker does not start with one missing or one twice. */
@ApplicationScoped
public class StepHandlers {

    private final Map<StepType, StepHandler> byType = new EnumMap<>(StepType.class);

    StepHandlers(Instance<StepHandler> handlers) {
        handlers.forEach(h -> {
            if (byType.put(h.type(), h) != null) {
                throw new IllegalStateException(
                        "two handlers for step type " + h.type().id());
            }
        });
        List<String> missing = Arrays.stream(StepType.values())
                .filter(t -> !byType.containsKey(t))
                .map(StepType::id)
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no step handler for " + missing);
        }
    }

    public Optional<StepHandler> find(String type) {
        return StepType.find(type).map(byType::get);
    }

    /** The names requests may use, in the order of {@link StepType}. */
    public List<String> types() {
        return StepType.ids();
    }
}
