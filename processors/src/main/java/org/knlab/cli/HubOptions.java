package org.knlab.cli;

import java.util.List;
import org.knlab.intervention.HubSettings;
import picocli.CommandLine.Option;

/** The hub-aware control options ({@link HubSettings}) of {@code kn interventions} and {@code kn replicate-kn-figures}. */
final class HubOptions {

    @Option(
            names = "--hub-controls",
            description = "Hub-matched sets per fact: as many neurons per layer and frequency band as the set;"
                    + " 0 = none (default: ${DEFAULT-VALUE}).")
    Integer hubControls;

    @Option(
            names = "--hub-free",
            negatable = true,
            fallbackValue = "true",
            description = "Also each set without its hubs (default: ${DEFAULT-VALUE}).")
    Boolean hubFree;

    @Option(
            names = "--hub-threshold",
            description = "A neuron in more than this share of the facts' sets is a hub (default: ${DEFAULT-VALUE}).")
    Double hubThreshold;

    @Option(
            names = "--frequency-bands",
            split = ",",
            description = "Upper edges of the frequency bands, ascending in (0, 1) (default: ${DEFAULT-VALUE}).")
    List<Double> frequencyBands;

    HubSettings settings() {
        return new HubSettings(hubControls, hubFree, hubThreshold, frequencyBands);
    }
}
