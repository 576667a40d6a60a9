package org.knlab.attribution;

/** A neuron kept for a fact: in how many of the fact's prompts it passed the threshold, and its mean score there. */
public record KnowledgeNeuron(int layer, int index, int prompts, double meanScore) {

    public Neuron neuron() {
        return new Neuron(layer, index);
    }
}
