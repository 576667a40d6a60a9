package org.knlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import java.util.Arrays;

/** Each batch row's activation at its own [MASK] position. */
public final class MaskRows {

    private MaskRows() {}

    /** [n, T, F] → [n, F]. */
    public static NDArray at(NDArray activation, int[] maskPositions) {
        NDArray[] picked = new NDArray[maskPositions.length];
        for (int i = 0; i < maskPositions.length; i++) {
            picked[i] = activation.get(new NDIndex("{}, {}", i, maskPositions[i]));
        }
        return NDArrays.stack(new NDList(picked));
    }

    /** A flat [rows × width] array as one Java array per row. */
    public static float[][] split(float[] flat, int rows, int width) {
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOfRange(flat, r * width, (r + 1) * width);
        }
        return out;
    }
}
