package org.knlab.intervention;

import org.knlab.attribution.Neuron;

/** The value a neuron's activation is set to, for the prompt in a given row of the evaluated batch. */
@FunctionalInterface
public interface ReplacementValues {
    float value(Neuron neuron, int prompt);
}
