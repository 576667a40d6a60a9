package org.knlab.sae;

import ai.djl.Device;
import java.util.Locale;
import java.util.OptionalLong;
import org.knlab.errors.InvalidParameterException;
import org.knlab.nn.FreeMemory;

/**
 * The memory training one layer's dictionary takes at its peak, estimated before anything is allocated,
 * so that a request too large for the worker is refused naming the setting instead of the kernel's
 * out-of-memory killer taking the whole worker part-way. For a layer of d neurons, width m, k and
 * batches of B rows:
 * <pre>
 *   dictionary = 48·d·m bytes               W_enc and W_dec, their gradients, Adam's two moments and
 *                                           a step's dense decoder gradient
 *   batch      = 8·B·m + 8·B·k·d + 0.5 GB   pre-activations, their gradient and TopK's work; each row's
 *                                           k decoder rows and their gradient; the engine's own
 * </pre>
 * The coefficients are the measured ones rounded up: the peak resident size of four trainings on a CPU
 * (d 3072; m 12288 or 24576; B 1024 or 4096; k 32 or 128) grew by 47 bytes per d·m, 8.0 per B·k·d, at
 * most 5 per B·m, and 0.3 GB besides: 2.9 GB at the defaults.
 */
public record TrainingMemory(long dictionaryBytes, long batchBytes) {

    private static final long ENGINE = 512L << 20;

    public static TrainingMemory of(int d, int m, int k, int batchSize) {
        return new TrainingMemory(48L * d * m, 8L * batchSize * m + 8L * batchSize * k * d + ENGINE);
    }

    public long total() {
        return dictionaryBytes + batchBytes;
    }

    /** Throws as {@link #requireAtMost} when training needs more than {@code device} has free. */
    public void requireFits(Device device) {
        OptionalLong free = FreeMemory.on(device);
        if (free.isPresent()) {
            requireAtMost(free.getAsLong(), FreeMemory.owner(device));
        }
    }

    /**
     * Throws, naming {@code width} or {@code batchSize} (whichever needs more), when training needs more
     * than {@code available} bytes.
     */
    public void requireAtMost(long available, String where) {
        if (total() <= available) {
            return;
        }
        boolean dictionary = dictionaryBytes >= batchBytes;
        throw new InvalidParameterException(
                dictionary ? "width" : "batchSize",
                String.format(
                        Locale.ROOT,
                        "training needs about %s (the dictionary with its gradients and Adam's moments %s, a batch"
                                + " %s) but %s has %s available: lower %s",
                        gb(total()),
                        gb(dictionaryBytes),
                        gb(batchBytes),
                        where,
                        gb(available),
                        dictionary ? "width" : "batchSize (or k)"));
    }

    private static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
