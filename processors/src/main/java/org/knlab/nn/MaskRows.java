package org.knlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/** Each batch row's activation at its own [MASK] position. */
public final class MaskRows {

    private MaskRows() {}

    /** [n, T, F] → [n, F]: one gather over the flattened rows (differentiable). */
    public static NDArray at(NDArray activation, int[] maskPositions) {
        Shape shape = activation.getShape();
        long[] flat = new long[maskPositions.length];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = i * shape.get(1) + maskPositions[i];
        }
        return activation
                .reshape(-1, shape.get(2))
                .get(new NDIndex("{}", activation.getManager().create(flat)));
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
