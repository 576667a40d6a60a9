package org.knlab.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A TopK sparse autoencoder's forward pass (Gao et al. 2024), the one definition training and use
 * share: for inputs x [rows, d],
 * <pre>
 *   pre = (x − b_dec) · W_enc + b_enc          [rows, m]
 *   z   = TopK_k(ReLU(pre))                     [rows, m]   the k largest per row kept, the rest 0
 *   x̂   = z · W_dec + b_dec                     [rows, d]
 * </pre>
 * with W_enc [d, m], b_enc [m], W_dec [m, d] (each feature's decoder row of unit norm), b_dec [d].
 * The TopK mask is a constant of the pass: gradients flow through the kept pre-activations only.
 */
public final class TopKSae {

    private TopKSae() {}

    /** The sparse codes z of {@code x} [rows, d]. */
    public static NDArray encode(NDArray x, Parameters p, int k) {
        // x·W_enc − b_dec·W_enc: the same pre-activations, but b_dec's gradient is then a vector-matrix
        // product instead of a fourth [rows, m]·[m, d] product through (x − b_dec)
        NDArray act = x.matMul(p.wEnc())
                .sub(p.bDec().expandDims(0).matMul(p.wEnc()))
                .add(p.bEnc())
                .maximum(0f);
        // the k-th largest activation of each row: kept are those at least as large (ties are measure-zero)
        NDArray kth = act.stopGradient().topK(k, 1, true, false).get(0).min(new int[] {1}, true);
        NDArray mask = act.stopGradient().gte(kth).toType(DataType.FLOAT32, false);
        return act.mul(mask);
    }

    /** The reconstruction x̂ of codes z [rows, m]. */
    public static NDArray decode(NDArray z, Parameters p) {
        return z.matMul(p.wDec()).add(p.bDec());
    }

    /** The four arrays of a dictionary, in one manager. */
    public record Parameters(NDArray wEnc, NDArray bEnc, NDArray wDec, NDArray bDec) {

        public NDArray[] all() {
            return new NDArray[] {wEnc, bEnc, wDec, bDec};
        }

        public static Shape[] shapes(int d, int m) {
            return new Shape[] {new Shape(d, m), new Shape(m), new Shape(m, d), new Shape(d)};
        }
    }
}
