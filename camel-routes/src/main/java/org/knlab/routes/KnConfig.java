package org.knlab.routes;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
import org.knlab.model.DeviceChoice;
import org.knlab.schemas.TopicNames;

/**
 * kn-lab settings (prefix {@code kn}). Their values are in application.properties, except the topic
 * names, which default to {@link TopicNames} (shared with the kn client).
 */
@ConfigMapping(prefix = "kn")
public interface KnConfig {

    Topics topics();

    Limits limits();

    Kafka kafka();

    /** Model store directory; default $KN_MODEL_STORE or ~/.cache/kn-lab/models. */
    Optional<String> modelStore();

    /** Where full score tensors are written; default ~/.cache/kn-lab/results. */
    Optional<String> resultsDir();

    /** The model of requests that name none; loaded at start-up, readiness waits for it. */
    String defaultModel();

    /** Where this worker's models run: auto, cpu, gpu or gpu:N (one worker per GPU); see {@code DeviceChoice}. */
    @WithDefault(DeviceChoice.AUTO)
    String device();

    /**
     * What this process runs: {@code worker} (intake and steps), {@code store} (the results store, alert
     * rules, query API, reports and live page). Default both; a deployment can run them apart.
     */
    java.util.Set<String> roles();

    default boolean runs(String role) {
        return roles().contains(role);
    }

    /** Where the embedded results database lives ({@code <data-dir>/store}). */
    String dataDir();

    Alerts alerts();

    /** Alert rules; a request's {@code alerts} object overrides them for its experiment. */
    interface Alerts {
        /** Rule names that never fire. */
        Optional<java.util.Set<String>> disabled();

        /** A neuron set's permutation p above this: not distinguishable from its matched controls. */
        double permutationAlpha();

        double stepMaxSeconds();

        /** Records behind on kn.requests (consumer group kn-intake) or kn.steps (kn-workers). */
        long maxLag();

        /** How often the consumer-lag rule looks. */
        java.time.Duration lagCheckInterval();

        /** Dead letters within dlq-window above this. */
        int dlqMax();

        java.time.Duration dlqWindow();

        /** "Unrelated" effects further than this many dropout sds from the dropout mean. */
        double dropoutBandSds();

        /** An edit's drop in same- or other-relation accuracy above this. */
        double neighbourhoodDamage();

        /** Alertmanager-style webhook receiver (POST), if any. */
        Optional<String> webhookUrl();
    }

    interface Topics {
        @WithDefault(TopicNames.REQUESTS)
        String requests();

        @WithDefault(TopicNames.STEPS)
        String steps();

        @WithDefault(TopicNames.PROGRESS)
        String progress();

        @WithDefault(TopicNames.RESULTS)
        String results();

        @WithDefault(TopicNames.DLQ)
        String dlq();

        @WithDefault(TopicNames.PROCESSED)
        String processed();

        @WithDefault(TopicNames.ALERTS)
        String alerts();

        @WithDefault(TopicNames.ROWS)
        String rows();

        @WithDefault(TopicNames.SHARDS)
        String shards();

        @WithDefault(TopicNames.SHARD_OUTPUTS)
        String shardOutputs();

        @WithDefault(TopicNames.SHARD_JOINS)
        String shardJoins();
    }

    interface Kafka {
        /** Partitions of the requests, steps and event topics when kn-lab creates them: at most this many workers. */
        int partitions();

        /**
         * The shard consumer's max.poll.interval.ms: a shard is a few facts, so a worker that holds one
         * longer than this is taken for dead and its shard goes to another (steps keep the long interval).
         */
        int shardMaxPollIntervalMs();

        /** How long shard outputs stay on kn.shards.outputs (the join reads them back). */
        long shardOutputRetentionMs();
    }

    interface Limits {
        int maxPrompts();

        int maxSteps();

        int maxMessageBytes();

        /**
         * The largest original (decompressed) the dead-letter topic keeps: a compressed record can
         * reach the worker above max-message-bytes, and must still land on the DLQ.
         */
        int maxDeadLetterBytes();
    }
}
