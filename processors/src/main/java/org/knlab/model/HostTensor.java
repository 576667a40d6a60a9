package org.knlab.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A float32 tensor in host memory (often a view into a memory-mapped file): shape plus
 * little-endian bytes, row-major. The hand-over format between checkpoint files and the engine.
 */
public record HostTensor(long[] shape, ByteBuffer bytes) {

    public HostTensor {
        shape = shape.clone();
        bytes = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.remaining() != 4 * elementCount(shape)) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + 4 * elementCount(shape)
                    + " bytes, got " + bytes.remaining());
        }
    }

    public static HostTensor of(long[] shape, float[] values) {
        ByteBuffer buf = ByteBuffer.allocateDirect(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return new HostTensor(shape, buf);
    }

    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public long elementCount() {
        return elementCount(shape);
    }

    /** A copy of the values as a Java array (for small tensors and tests). */
    public float[] toFloatArray() {
        float[] out = new float[Math.toIntExact(elementCount())];
        bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** The transpose of a 2-D tensor: TensorFlow kernels are [in, out], PyTorch weights [out, in]. */
    public HostTensor transpose2d() {
        if (shape.length != 2) {
            throw new IllegalArgumentException("transpose2d needs a 2-D tensor, got " + Arrays.toString(shape));
        }
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        float[] in = toFloatArray();
        float[] out = new float[in.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = in[r * cols + c];
            }
        }
        return of(new long[] {cols, rows}, out);
    }
}
