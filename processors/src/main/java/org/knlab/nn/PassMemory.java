package org.knlab.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.util.Locale;
import java.util.OptionalLong;
import org.knlab.errors.InvalidParameterException;

/**
 * A batched pass stopped before a block or the logits whose arrays cannot fit in the memory free on
 * the device, naming {@code maxRows} (rows per pass), instead of the kernel killing the worker mid-pass
 * (and Kafka handing the same request to the next worker). For R rows of T tokens:
 * <pre>
 *   block  = R·T·(6·intermediate + 6·hidden)·4 + R·heads·T²·16 bytes   its arrays until it returns
 *   logits = R·vocab·32 bytes                                          up to eight [rows, vocab] arrays:
 *                                                                      logits, log-softmax, KL, ranks
 * </pre>
 * (BERT-base, 1024 rows of 14 tokens: 1.3 GB a block measured, 1.3 GB estimated.) Under a gradient
 * collector a block's arrays stay for the backward pass, so the free memory shrinks block by block and
 * the check stops the block that would not fit. Passes needing less than {@link #UNCHECKED} are not
 * checked (reading the free memory costs more than they risk).
 */
final class PassMemory {

    static final long UNCHECKED = 256L << 20;

    private PassMemory() {}

    /** Before a block of {@code shape} on the residual stream x [rows, tokens, hidden]. */
    static void requireBlock(ModelShape shape, NDArray x) {
        long rows = x.getShape().get(0);
        long tokens = x.getShape().get(1);
        long bytes = rows * tokens * (6L * shape.intermediateSize() + 6L * shape.hiddenSize()) * 4
                + rows * shape.numHeads() * tokens * tokens * 16;
        require(bytes, rows + " rows of " + tokens + " tokens through a block", x.getDevice());
    }

    /** Before the logits of the final hidden states {@code hidden} [..., hidden]. */
    static void requireLogits(ModelShape shape, NDArray hidden) {
        long rows = hidden.getShape().size() / Math.max(1, hidden.getShape().getLastDimension());
        require(
                rows * shape.vocabSize() * 32L,
                rows + " rows of logits over " + shape.vocabSize() + " tokens",
                hidden.getDevice());
    }

    private static void require(long bytes, String what, Device device) {
        if (bytes < UNCHECKED) {
            return;
        }
        OptionalLong free = FreeMemory.on(device);
        if (free.isPresent() && bytes > free.getAsLong()) {
            throw new InvalidParameterException(
                    "maxRows",
                    String.format(
                            Locale.ROOT,
                            "a pass of %s needs about %.1f GB but %s has %.1f GB free: lower maxRows (rows per pass)",
                            what,
                            bytes / 1e9,
                            FreeMemory.owner(device),
                            free.getAsLong() / 1e9));
        }
    }
}
