package org.knlab.sae;

import org.knlab.errors.InvalidParameterException;
import org.knlab.settings.Bounds;

/**
 * How a TopK sparse autoencoder is trained on one layer's activations: a dictionary of {@code width}
 * features (at least the layer's width), {@code k} of them active per input, Adam at
 * {@code learningRate} on batches of {@code batchSize} rows for {@code steps} steps, a checkpoint every
 * {@code checkpointEvery} steps (0 = none), and a feature counted dead when it has not fired on the
 * last {@code deadAfter} rows.
 */
public record SaeTraining(
        Integer width,
        Integer k,
        Double learningRate,
        Integer batchSize,
        Integer steps,
        Integer checkpointEvery,
        Integer deadAfter) {

    public SaeTraining {
        width = Bounds.intIn("width", width, 4096, 1, 1 << 20);
        k = Bounds.intIn("k", k, 32, 1, 4096);
        if (k > width) {
            throw new InvalidParameterException(
                    "k", "k must be at most the dictionary's width " + width + ", got " + k);
        }
        learningRate = Bounds.numberIn("learningRate", learningRate, 1e-3, 1e-7, 1);
        batchSize = Bounds.intIn("batchSize", batchSize, 256, 1, 65_536);
        steps = Bounds.intIn("steps", steps, 2000, 1, 10_000_000);
        checkpointEvery = Bounds.intIn("checkpointEvery", checkpointEvery, 500, 0, 10_000_000);
        deadAfter = Bounds.intIn("deadAfter", deadAfter, 10_000, 1, Integer.MAX_VALUE);
    }

    /** Refuses a dictionary narrower than the activations it encodes, naming {@code width}. */
    public void requireWidthAtLeast(int dimension) {
        if (width < dimension) {
            throw new InvalidParameterException(
                    "width",
                    "width must be at least the layer's " + dimension + " neurons (an overcomplete dictionary), got "
                            + width);
        }
    }
}
