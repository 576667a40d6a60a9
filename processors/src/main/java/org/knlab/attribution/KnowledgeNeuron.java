package org.knlab.attribution;

/**
 * A neuron of a fact's set. When kn-lab found it: in how many of the fact's selection prompts it
 * passed the threshold, and its mean score there; both null for sets imported without them.
 */
public record KnowledgeNeuron(int layer, int index, Integer prompts, Double meanScore) {

    /** A neuron known only by its place (an imported set). */
    public static KnowledgeNeuron at(int layer, int index) {
        return new KnowledgeNeuron(layer, index, null, null);
    }

    public Neuron neuron() {
        return new Neuron(layer, index);
    }
}
