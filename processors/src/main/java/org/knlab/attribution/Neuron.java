package org.knlab.attribution;

import java.util.Comparator;

/** An FFN neuron: layer (0-based) and index into the intermediate activations. */
public record Neuron(int layer, int index) implements Comparable<Neuron> {

    private static final Comparator<Neuron> ORDER =
            Comparator.comparingInt(Neuron::layer).thenComparingInt(Neuron::index);

    @Override
    public int compareTo(Neuron o) {
        return ORDER.compare(this, o);
    }
}
