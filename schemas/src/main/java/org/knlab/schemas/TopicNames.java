package org.knlab.schemas;

/**
 * The platform's Kafka topics, written down once: the worker's {@code kn.topics.*} settings default to
 * these, and the kn client and the tests use them.
 */
public final class TopicNames {

    public static final String REQUESTS = "kn.experiments.requests";
    public static final String STEPS = "kn.steps";
    public static final String PROGRESS = "kn.experiments.progress";
    public static final String RESULTS = "kn.experiments.results";
    public static final String DLQ = "kn.experiments.dlq";
    /** Alert events (org.knlab.experiment.alert), fired by the store's rules. */
    public static final String ALERTS = "kn.experiments.alerts";
    /** Per-fact rows of a step in chunks (the details a step also writes to its worker's disk), for the store. */
    public static final String ROWS = "kn.experiments.rows";
    /** Compacted record of accepted experiment ids and completed steps (idempotency across restarts). */
    public static final String PROCESSED = "kn.experiments.processed";

    /** Shards of a sharded step: a slice of its facts for one phase, any worker of kn-workers takes one. */
    public static final String SHARDS = "kn.shards";
    /** What each shard produced, in chunks, keyed by experiment and step (so one step's outputs share a partition). */
    public static final String SHARD_OUTPUTS = "kn.shards.outputs";
    /** The shard tallies of the Kafka Streams join: progress, and exactly one "complete" per step and phase. */
    public static final String SHARD_JOINS = "kn.shards.joins";

    private TopicNames() {}
}
