package org.knlab.cli;

import java.util.List;
import org.knlab.intervention.HubSettings;
import picocli.CommandLine.Option;

/** The hub-aware control options ({@link HubSettings}) of {@code kn interventions} and {@code kn replicate-kn-figures}. */
final class HubOptions {

    @Option(names = "--hub-controls")
    Integer hubControls;

    @Option(names = "--hub-free", negatable = true, fallbackValue = "true")
    Boolean hubFree;

    @Option(names = "--hub-threshold")
    Double hubThreshold;

    @Option(names = "--frequency-bands", split = ",")
    List<Double> frequencyBands;
}
