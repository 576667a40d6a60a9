package org.knlab.sae;

import org.knlab.errors.InvalidParameterException;
import org.knlab.settings.Bounds;

/**
 * How a TopK sparse autoencoder is trained on one layer's activations: a dictionary of {@code width}
 * features (at least the layer's width; null = {@value #EXPANSION}× the layer), {@code k} of them active
 * per input, Adam at {@code learningRate} on batches of {@code batchSize} rows for {@code epochs} passes
 * over the rows (fractions allowed), a checkpoint every {@code checkpointEvery} steps (0 = none), and a
 * feature counted dead when it has not fired on the last {@code deadAfter} rows.
 */
public record SaeTrainingSettings(
        Integer width,
        Integer k,
        Double learningRate,
        Integer batchSize,
        Double epochs,
        Integer checkpointEvery,
        Integer deadAfter) {

    /** The dictionary's width per neuron of the layer when {@code width} is not given. */
    public static final int EXPANSION = 4;

    public static final SaeTrainingSettings DEFAULTS =
            new SaeTrainingSettings(null, null, null, null, null, null, null);

    public SaeTrainingSettings {
        if (width != null) {
            Bounds.intIn("width", width, width, 1, 1 << 20);
        }
        k = Bounds.intIn("k", k, 32, 1, 4096);
        if (width != null && k > width) {
            throw new InvalidParameterException(
                    "k", "k must be at most the dictionary's width " + width + ", got " + k);
        }
        learningRate = Bounds.numberIn("learningRate", learningRate, 1e-3, 1e-7, 1);
        batchSize = Bounds.intIn("batchSize", batchSize, 1024, 1, 65_536);
        epochs = Bounds.numberIn("epochs", epochs, 8.0, 1e-3, 10_000);
        checkpointEvery = Bounds.intIn("checkpointEvery", checkpointEvery, 50, 0, 10_000_000);
        deadAfter = Bounds.intIn("deadAfter", deadAfter, 10_000, 1, Integer.MAX_VALUE);
    }

    /**
     * The dictionary's width for a layer of {@code dimension} neurons; a width below it (not an
     * overcomplete dictionary) is an error naming {@code width}, a k above it one naming {@code k}.
     */
    public int widthFor(int dimension) {
        int m = width != null ? width : EXPANSION * dimension;
        if (m < dimension) {
            throw new InvalidParameterException(
                    "width",
                    "width must be at least the layer's " + dimension + " neurons (an overcomplete dictionary), got "
                            + m);
        }
        if (k > m) {
            throw new InvalidParameterException("k", "k must be at most the dictionary's width " + m + ", got " + k);
        }
        return m;
    }

    /** Optimiser steps for {@code rows} rows: ⌈epochs · rows / batchSize⌉. */
    public int steps(int rows) {
        return (int) Math.max(1, Math.ceil(epochs * rows / batchSize));
    }
}
