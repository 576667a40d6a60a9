package org.knlab.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardMessageTest {

    private static ShardMessage shard(String experimentId, int phase, int shard, int shards) {
        StepMessage step = new StepMessage(experimentId, null, 0, null, "2026-12-07T00:00:00Z", new byte[0]);
        return new ShardMessage(step, phase, shard, shards, shards, List.of("f" + shard), List.of());
    }

    /** Whatever the partition count, a phase's shards share the partitions out evenly (within one). */
    @Test
    void aPhaseShardsGoRoundRobinOverThePartitions() {
        for (int partitions : new int[] {1, 3, 4, 7}) {
            for (int shards : new int[] {1, 6, 64, 65}) {
                int[] counts = new int[partitions];
                for (int i = 0; i < shards; i++) {
                    counts[shard("replication-34x30-seed0", 1, i, shards).partition(partitions)]++;
                }
                int max = IntStream.of(counts).max().orElseThrow();
                int min = IntStream.of(counts).min().orElseThrow();
                assertEquals(
                        shards / partitions + (shards % partitions == 0 ? 0 : 1), max, partitions + " x " + shards);
                assertEquals(shards / partitions, min, partitions + " x " + shards);
            }
        }
    }

    /** Two steps start on different partitions (here), so small experiments do not all queue on one. */
    @Test
    void theFirstPartitionDependsOnTheStep() {
        assertNotEquals(shard("a", 0, 0, 1).partition(4), shard("b", 0, 0, 1).partition(4));
        assertEquals(shard("a", 0, 0, 1).partition(4), shard("a", 0, 0, 1).partition(4));
    }
}
