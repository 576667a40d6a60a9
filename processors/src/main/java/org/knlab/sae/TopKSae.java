package org.knlab.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;

/**
 * A TopK sparse autoencoder's forward pass (Gao et al. 2024), the one definition training and use
 * share: for inputs x [rows, d],
 * <pre>
 *   pre = (x − b_dec) · W_enc + b_enc          [rows, m]
 *   z   = TopK_k(ReLU(pre))                     [rows, m]   the k largest per row kept, the rest 0
 *   x̂   = z · W_dec + b_dec                     [rows, d]
 * </pre>
 * with W_enc [d, m], b_enc [m], W_dec [m, d] (each feature's decoder row of unit norm), b_dec [d].
 * The codes are held sparsely ({@link Codes}: each row's k values and features), so the decoder reads
 * k rows of W_dec per input instead of multiplying by m mostly-zero codes (Gao et al.'s sparse
 * decoder): the same x̂, summed in another order. The TopK choice is a constant of the pass: gradients
 * flow through the kept pre-activations only.
 */
public final class TopKSae {

    private TopKSae() {}

    /** Each row's k codes: {@code values} [rows, k] (≥ 0) of the features {@code indices} [rows, k] (int64). */
    public record Codes(NDArray values, NDArray indices) {}

    /** The k largest ReLU pre-activations of each row of {@code x} [rows, d], with their features. */
    public static Codes encodeTopK(NDArray x, Parameters p, int k) {
        return encodeTopK(x, p.wEnc(), shift(p), k);
    }

    /**
     * b_enc − b_dec·W_enc [m], so that pre = x·W_enc + shift: the same pre-activations as (x − b_dec)·W_enc
     * + b_enc, but b_dec's gradient is then a vector-matrix product instead of a second [rows, m]·[m, d]
     * product through (x − b_dec). Computed once where the dictionary does not change (its users).
     */
    public static NDArray shift(Parameters p) {
        return p.bEnc().sub(p.bDec().expandDims(0).matMul(p.wEnc()).squeeze(0));
    }

    /**
     * The codes from W_enc and a precomputed {@link #shift}; every new array is in x's manager (the
     * dictionary's arrays may live longer, in another).
     */
    public static Codes encodeTopK(NDArray x, NDArray wEnc, NDArray shift, int k) {
        NDArray pre = x.matMul(wEnc).addi(shift);
        NDArray indices = pre.stopGradient().topK(k, 1, true, false).get(1);
        // ReLU after TopK: the same k values (ReLU keeps the order), on [rows, k] instead of [rows, m]
        return new Codes(pre.gather(indices, 1).maximum(0f), indices);
    }

    /** The codes z [rows, m] of {@code x} [rows, d], dense: the k kept values, zeros elsewhere. */
    public static NDArray encode(NDArray x, NDArray wEnc, NDArray shift, int k) {
        Codes codes = encodeTopK(x, wEnc, shift, k);
        Shape shape = new Shape(x.getShape().get(0), wEnc.getShape().get(1));
        return x.getManager().zeros(shape).scatter(codes.indices(), codes.values(), 1);
    }

    /** The reconstruction x̂ [rows, d] of sparse codes: each row Σ_j values[j]·W_dec[indices[j]] + b_dec. */
    public static NDArray decode(Codes codes, Parameters p) {
        // [rows, k, d]: each input's k decoder rows; the engine's embedding lookup scatters the gradient back
        NDArray rows = p.wDec()
                .getNDArrayInternal()
                .embedding(codes.indices(), p.wDec(), SparseFormat.DENSE)
                .get(0);
        return codes.values().expandDims(1).batchMatMul(rows).squeeze(1).add(p.bDec());
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
