package org.knlab.nn;

/** The sizes every study needs of a transformer, whatever its architecture. */
public interface ModelShape {

    int vocabSize();

    int hiddenSize();

    int numLayers();

    int numHeads();

    /** Width of the FFN's hidden layer: the neurons per block. */
    int intermediateSize();

    int maxPositions();
}
