package org.knlab.sae;

/** Rows of one layer's activations to train on, read by index (a file streamed, or memory). */
public interface ActivationSource {

    /** Values per row (the layer's width). */
    int dimension();

    int rows();

    /** Row {@code indices[i]} into {@code into[i·d … (i+1)·d)}. */
    void read(int[] indices, float[] into);

    /** Rows held in memory, row-major. */
    static ActivationSource of(float[] values, int dimension) {
        if (dimension < 1 || values.length % dimension != 0) {
            throw new IllegalArgumentException(values.length + " values are not rows of " + dimension);
        }
        return new ActivationSource() {
            @Override
            public int dimension() {
                return dimension;
            }

            @Override
            public int rows() {
                return values.length / dimension;
            }

            @Override
            public void read(int[] indices, float[] into) {
                for (int i = 0; i < indices.length; i++) {
                    System.arraycopy(values, indices[i] * dimension, into, i * dimension, dimension);
                }
            }
        };
    }
}
