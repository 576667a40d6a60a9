package org.knlab.sae;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * One Adam step (Kingma &amp; Ba; β 0.9 / 0.999) on one parameter, in place, with the bias corrections
 * folded into the two scalars of {@link #of}:
 * <pre>
 *   m ← β₁·m + (1 − β₁)·g        v ← β₂·v + (1 − β₂)·g²        w ← w − α′ · m / (√v + ε′)
 *   α′ = α·√(1 − β₂ᵗ)/(1 − β₁ᵗ)     ε′ = ε·√(1 − β₂ᵗ)
 * </pre>
 * then the gradient is zeroed (the engine accumulates into it) and, for a matrix whose rows must stay
 * unit vectors (the decoder), each row is divided by its norm.
 *
 * <p>Why two paths: on the CPU the engine runs this as about a dozen separate passes over the
 * parameter, its gradient and both moments — for a 12,288 × 3,072 dictionary that was a fifth of a
 * training step. There the update runs as one fused pass over the arrays' own memory (the engine lends
 * CPU arrays as direct buffers), each row's renormalisation while the row is in cache, split over the
 * cores. Elsewhere (a GPU) it stays in engine ops, where the passes are cheap.
 */
public record AdamUpdate(float stepSize, float epsilon) {

    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final float EPSILON = 1e-8f;

    /** The update of step {@code t} (counted from 1) at learning rate {@code alpha}. */
    public static AdamUpdate of(double alpha, int t) {
        double correction1 = 1 - Math.pow(BETA1, t);
        double correction2 = 1 - Math.pow(BETA2, t);
        return new AdamUpdate(
                (float) (alpha * Math.sqrt(correction2) / correction1), (float) (EPSILON * Math.sqrt(correction2)));
    }

    /**
     * Updates {@code w} from its gradient {@code g} and moments {@code m}, {@code v} (all of one shape,
     * contiguous), zeroes {@code g}; with {@code unitRows}, w's rows (its last axis) are put back to unit norm.
     */
    public void apply(NDArray w, NDArray g, NDArray m, NDArray v, boolean unitRows) {
        int rowLength = (int) w.getShape().get(w.getShape().dimension() - 1);
        if (Device.Type.CPU.equals(w.getDevice().getDeviceType())) {
            fused(buffer(w), buffer(g), buffer(m), buffer(v), unitRows ? rowLength : 0);
        } else {
            inEngine(w, g, m, v, unitRows);
        }
    }

    /** The same update in engine ops (the path for arrays off the host). */
    void inEngine(NDArray w, NDArray g, NDArray m, NDArray v, boolean unitRows) {
        m.muli(BETA1).addi(g.mul(1 - BETA1));
        v.muli(BETA2).addi(g.square().muli(1 - BETA2));
        w.subi(m.div(v.sqrt().addi(epsilon)).muli(stepSize));
        g.muli(0f);
        if (unitRows) {
            int last = w.getShape().dimension() - 1;
            w.divi(w.square().sum(new int[] {last}, true).sqrt().maximum(1e-12f));
        }
    }

    /** Rows of {@code rowLength} (0: blocks of {@link #BLOCK}) updated in parallel, each in one pass. */
    private void fused(FloatBuffer w, FloatBuffer g, FloatBuffer m, FloatBuffer v, int rowLength) {
        int n = w.capacity();
        int block = rowLength > 0 ? rowLength : Math.min(BLOCK, n);
        int blocks = (n + block - 1) / block;
        IntStream.range(0, blocks).parallel().forEach(b -> {
            int from = b * block;
            int to = Math.min(n, from + block);
            double norm = 0;
            for (int i = from; i < to; i++) {
                float gi = g.get(i);
                float mi = BETA1 * m.get(i) + (1 - BETA1) * gi;
                float vi = BETA2 * v.get(i) + (1 - BETA2) * gi * gi;
                float wi = w.get(i) - stepSize * mi / ((float) Math.sqrt(vi) + epsilon);
                m.put(i, mi);
                v.put(i, vi);
                w.put(i, wi);
                g.put(i, 0f);
                norm += (double) wi * wi;
            }
            if (rowLength > 0) {
                float scale = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
                for (int i = from; i < to; i++) {
                    w.put(i, w.get(i) * scale);
                }
            }
        });
    }

    private static final int BLOCK = 1 << 14;

    /** The array's own memory: the engine lends a CPU array's storage as a direct buffer. */
    private static FloatBuffer buffer(NDArray a) {
        var bytes = a.toByteBuffer(true);
        if (!bytes.isDirect()) {
            throw new IllegalStateException("the engine lent a copy of a host array, not its memory");
        }
        return bytes.order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
