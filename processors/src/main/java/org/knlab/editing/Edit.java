package org.knlab.editing;

import java.util.List;
import org.knlab.attribution.Neuron;
import org.knlab.neurons.NeuronSet;

/**
 * One planned edit: the fact, its neurons left after the filter, the prompt the edit is made on
 * (index into the fact's prompts), the model's answer t there and the new answer t′.
 */
public record Edit(
        NeuronSet fact, List<Neuron> neurons, int promptIndex, int oldToken, int newToken, EditDirection direction) {

    public Edit {
        neurons = List.copyOf(neurons);
    }
}
