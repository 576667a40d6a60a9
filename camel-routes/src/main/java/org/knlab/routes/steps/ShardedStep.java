package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A step whose work is phases of per-fact work with a join after each, so that shards of its facts
 * can run on any worker ({@code routes.shards}). A shard's items may depend only on its own facts
 * (every random draw seeded by the seed and the fact id); whatever needs every fact — tuning across a
 * relation, tables, bootstrap CIs, the dropout curve — happens in {@link #join}. {@link #run} is
 * the same chain in one process: a sharded and an unsharded run give identical outputs.
 */
public interface ShardedStep extends StepHandler {

    /** Facts per shard, from the step's parameters; 0 runs the step whole, in one message ({@link #run}). */
    int shardSize(StepContext ctx);

    /** The step's facts in order: what the first phase is sharded over. */
    List<String> factIds(StepContext ctx);

    /**
     * One shard of a phase: one JSON item per fact, in the order given; {@code inputs} are the facts'
     * inputs from the join before (empty in the first phase).
     */
    List<JsonNode> runShard(StepContext ctx, int phase, List<String> factIds, List<JsonNode> inputs);

    /**
     * The join after {@code phase}, given every phase's items so far ({@code items.get(p)}: phase p's
     * items in fact order): the next phase's facts and inputs, or the step's output after the last phase.
     */
    Joined join(StepContext ctx, int phase, List<List<JsonNode>> items);

    /** What a join gives: the next phase's work ({@code output} null), or the step's output. */
    record Joined(List<String> factIds, List<JsonNode> inputs, StepOutput output) {

        public static Joined nextPhase(List<String> factIds, List<JsonNode> inputs) {
            return new Joined(factIds, inputs, null);
        }

        public static Joined done(StepOutput output) {
            return new Joined(List.of(), List.of(), output);
        }
    }
}
