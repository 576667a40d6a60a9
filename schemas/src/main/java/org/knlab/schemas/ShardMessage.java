package org.knlab.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One shard of a sharded step on {@code kn.shards}: the step's message (request, earlier outputs,
 * the original request bytes) and, for one phase of the step, shard {@code shard} of {@code shards}
 * (over {@code phaseFacts} facts in all): its facts in order and, after the first phase, each fact's input from the join before
 * ({@code inputs}, parallel to {@code factIds}; empty in the first phase).
 */
public record ShardMessage(
        StepMessage step,
        int phase,
        int shard,
        int shards,
        int phaseFacts,
        List<String> factIds,
        List<JsonNode> inputs) {

    public ShardMessage {
        factIds = List.copyOf(factIds);
        inputs = List.copyOf(inputs);
    }

    /** The key of every output of this step, whatever the phase: one step's outputs share a partition. */
    public String stepKey() {
        return stepKey(step.experimentId(), step.stepIndex());
    }

    public static String stepKey(String experimentId, int stepIndex) {
        return experimentId + "#" + stepIndex;
    }

    /** The record key of the shard message (its partition is {@link #partition}'s, not the key's hash). */
    public String key() {
        return stepKey() + "#" + phase + "#" + shard;
    }

    /**
     * The partition of {@code kn.shards} (of {@code partitions}) this shard goes to: a phase's shards
     * go round-robin from a partition that depends on the step, so each partition, and so each worker of
     * the group, gets an equal share (within one shard). Hashing the keys gave partitions of 13 to 22
     * of 64 shards, and the workers holding the fuller ones ran the last shards alone.
     */
    public int partition(int partitions) {
        return Math.floorMod(stepKey().hashCode() + phase + shard, partitions);
    }
}
