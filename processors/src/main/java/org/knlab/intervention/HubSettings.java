package org.knlab.intervention;

import java.util.List;
import org.knlab.errors.InvalidParameterException;
import org.knlab.settings.Bounds;

/**
 * Hub-aware controls, shared by the steps that hold knowledge neurons against controls. A neuron's
 * frequency is the share of a population's facts whose set holds it ({@link
 * org.knlab.neurons.NeuronFrequency}); {@code frequencyBands} are the bands' upper edges, ascending in
 * (0, 1): shares 0 | (0, b₁] | (b₁, b₂] | … | (bₖ, 1].
 *
 * @param hubControls sets per fact matched on layer and frequency band exactly (0 = none)
 * @param hubFree whether to evaluate each set without its hubs too
 * @param hubThreshold a neuron of share above it is a hub, in (0, 1]
 */
public record HubSettings(Integer hubControls, Boolean hubFree, Double hubThreshold, List<Double> frequencyBands) {

    public static final HubSettings DEFAULTS = new HubSettings(null, null, null, null);

    public HubSettings {
        hubControls = Bounds.intIn("hubControls", hubControls, 20, 0, 10_000);
        hubFree = Bounds.orDefault(hubFree, true);
        double t = hubThreshold == null ? 0.03 : hubThreshold;
        if (!(t > 0 && t <= 1)) {
            throw new InvalidParameterException(
                    "hubThreshold", "hubThreshold must be a share in (0, 1], got " + hubThreshold);
        }
        hubThreshold = t;
        List<Double> bands = Bounds.orDefault(frequencyBands, List.of(0.01, 0.03));
        for (int i = 0; i < bands.size(); i++) {
            Double b = bands.get(i);
            if (b == null || !(b > 0 && b < 1) || (i > 0 && !(b > bands.get(i - 1)))) {
                throw new InvalidParameterException(
                        "frequencyBands[" + i + "]",
                        "frequencyBands must be strictly ascending shares in (0, 1), got " + bands);
            }
        }
        frequencyBands = List.copyOf(bands);
    }

    /** True when these settings ask for anything hub-aware at all. */
    public boolean enabled() {
        return hubControls > 0 || hubFree;
    }
}
