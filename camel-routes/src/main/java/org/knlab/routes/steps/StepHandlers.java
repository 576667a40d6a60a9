package org.knlab.routes.steps;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The step types this worker knows, by name. */
@ApplicationScoped
public class StepHandlers {

    private final Map<String, StepHandler> byType = new TreeMap<>();

    StepHandlers(Instance<StepHandler> handlers) {
        handlers.forEach(h -> byType.put(h.type(), h));
    }

    public Optional<StepHandler> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    public Set<String> types() {
        return byType.keySet();
    }
}
