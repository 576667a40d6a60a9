package org.knlab.comparison;

/**
 * What a search cost: batched forward passes, sequence rows through them (each a whole or partial
 * pass: restarts run only the blocks above their layer), and wall seconds.
 */
public record SearchCost(long passes, long rows, double seconds) {

    /** Counts passes and rows as they run. */
    public static final class Counter {
        private long passes;
        private long rows;
        private final long start = System.nanoTime();

        void pass(int rowsInPass) {
            passes++;
            rows += rowsInPass;
        }

        public SearchCost total() {
            return new SearchCost(passes, rows, (System.nanoTime() - start) / 1e9);
        }
    }
}
