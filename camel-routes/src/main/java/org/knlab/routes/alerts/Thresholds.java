package org.knlab.routes.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import org.knlab.routes.KnConfig;

/** The bounds the rules use for one experiment: kn.alerts.*, overridden by the request's {@code alerts}. */
public record Thresholds(
        Set<String> disabled,
        double permutationAlpha,
        double stepMaxSeconds,
        double dropoutBandSds,
        double neighbourhoodDamage) {

    public static Thresholds of(KnConfig.Alerts config, JsonNode overrides) {
        Set<String> disabled = new HashSet<>(config.disabled().orElse(Set.of()));
        overrides.path("disabled").forEach(r -> disabled.add(r.asText()));
        return new Thresholds(
                disabled,
                overrides.path("permutationAlpha").asDouble(config.permutationAlpha()),
                overrides.path("stepMaxSeconds").asDouble(config.stepMaxSeconds()),
                overrides.path("dropoutBandSds").asDouble(config.dropoutBandSds()),
                overrides.path("neighbourhoodDamage").asDouble(config.neighbourhoodDamage()));
    }

    public boolean enabled(String rule) {
        return !disabled.contains(rule);
    }
}
