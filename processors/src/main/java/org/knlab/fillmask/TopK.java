package org.knlab.fillmask;

/** Indices of the k largest values, largest first, without sorting the whole array. */
final class TopK {

    private TopK() {}

    static int[] indices(float[] values, int k) {
        int[] best = new int[k];
        int filled = 0;
        for (int i = 0; i < values.length; i++) {
            if (filled < k || values[i] > values[best[filled - 1]]) {
                int j = filled < k ? filled++ : k - 1;
                while (j > 0 && values[best[j - 1]] < values[i]) {
                    best[j] = best[j - 1];
                    j--;
                }
                best[j] = i;
            }
        }
        return java.util.Arrays.copyOf(best, filled);
    }
}
