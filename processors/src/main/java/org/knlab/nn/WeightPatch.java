package org.knlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * A reversible change to columns of a weight matrix (FFN value vectors). The original columns
 * are copied before the change; {@link #close()} writes them back, so the weights are bit-identical
 * to what they were.
 */
public final class WeightPatch implements AutoCloseable {

    private final NDArray weight;
    private final int[] columns;
    private final NDManager saved;
    private final NDArray[] originals;
    private boolean undone;

    WeightPatch(NDArray weight, int[] columns, NDArray[] newColumns) {
        if (columns.length != newColumns.length) {
            throw new IllegalArgumentException(columns.length + " columns but " + newColumns.length + " values");
        }
        this.weight = weight;
        this.columns = columns.clone();
        this.saved = weight.getManager().newSubManager();
        this.originals = new NDArray[columns.length];
        for (int i = 0; i < columns.length; i++) {
            originals[i] = weight.get(saved, new NDIndex(":, {}", columns[i])).duplicate();
        }
        for (int i = 0; i < columns.length; i++) {
            weight.set(new NDIndex(":, {}", columns[i]), newColumns[i]);
        }
    }

    /** Restores the original columns (in reverse order, so repeated columns end as they began). */
    @Override
    public void close() {
        if (undone) {
            return;
        }
        for (int i = columns.length - 1; i >= 0; i--) {
            weight.set(new NDIndex(":, {}", columns[i]), originals[i]);
        }
        saved.close();
        undone = true;
    }
}
