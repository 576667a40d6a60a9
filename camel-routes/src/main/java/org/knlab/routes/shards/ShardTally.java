package org.knlab.routes.shards;

/**
 * Where a sharded step's phase stands, as the join's stream writes it to {@code kn.shards.joins}:
 * shards and facts done of all, whether the phase is complete (written exactly once per phase), and
 * the offsets on {@code partition} of {@code kn.shards.outputs} between which the step's context and
 * every output so far lie.
 */
public record ShardTally(
        String experimentId,
        int stepIndex,
        String step,
        int phase,
        int shards,
        int shardsDone,
        int facts,
        int factsDone,
        boolean complete,
        int partition,
        long fromOffset,
        long toOffset) {}
