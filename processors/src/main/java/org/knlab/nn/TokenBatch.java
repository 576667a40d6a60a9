package org.knlab.nn;

import java.util.Arrays;

/**
 * Token ids of one forward pass, one row per sequence. Shorter rows are padded (id 0) and masked
 * out of attention, so rows of different lengths can share a pass.
 */
public record TokenBatch(int[][] rows) {

    public TokenBatch {
        if (rows.length == 0) {
            throw new IllegalArgumentException("a batch needs at least one row");
        }
        rows = Arrays.stream(rows).map(int[]::clone).toArray(int[][]::new);
    }

    public static TokenBatch of(int[]... rows) {
        return new TokenBatch(rows);
    }

    public int size() {
        return rows.length;
    }

    public int length() {
        return Arrays.stream(rows).mapToInt(r -> r.length).max().orElse(0);
    }

    public boolean padded() {
        return Arrays.stream(rows).anyMatch(r -> r.length != length());
    }

    /** Ids as [size × length], row-major, padded with 0. */
    public long[] paddedIds() {
        int len = length();
        long[] out = new long[rows.length * len];
        for (int r = 0; r < rows.length; r++) {
            for (int t = 0; t < rows[r].length; t++) {
                out[r * len + t] = rows[r][t];
            }
        }
        return out;
    }

    /** 1 where a row has a token, 0 on padding; [size × length]. */
    public float[] attentionMask() {
        int len = length();
        float[] out = new float[rows.length * len];
        for (int r = 0; r < rows.length; r++) {
            Arrays.fill(out, r * len, r * len + rows[r].length, 1f);
        }
        return out;
    }
}
