package org.knlab.routes;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** kn-lab settings from application.properties (prefix {@code kn}). */
@ConfigMapping(prefix = "kn")
public interface KnConfig {

    Topics topics();

    Limits limits();

    Kafka kafka();

    /** Model store directory; default $KN_MODEL_STORE or ~/.cache/kn-lab/models. */
    Optional<String> modelStore();

    /** Where full score tensors are written; default ~/.cache/kn-lab/results. */
    Optional<String> resultsDir();

    /** Model loaded at start-up; readiness waits for it. */
    @WithDefault("bert-base-cased")
    String defaultModel();

    interface Topics {
        @WithDefault("kn.experiments.requests")
        String requests();

        @WithDefault("kn.steps")
        String steps();

        @WithDefault("kn.experiments.progress")
        String progress();

        @WithDefault("kn.experiments.results")
        String results();

        @WithDefault("kn.experiments.dlq")
        String dlq();

        /** Compacted record of experiment ids and completed steps (idempotency across restarts). */
        @WithDefault("kn.experiments.processed")
        String processed();
    }

    interface Kafka {
        /** A worker that dies is noticed after this long; its unfinished steps then move on. */
        @WithDefault("10000")
        int sessionTimeoutMs();

        /**
         * The longest a single step may run before Kafka takes its partition away. A crashed worker is
         * noticed by the session timeout, not by this, so it can be hours (a full replication on a CPU).
         */
        @WithDefault("43200000")
        int maxPollIntervalMs();

        /** Partitions of the requests and steps topics when kn-lab creates them: at most this many workers. */
        @WithDefault("4")
        int partitions();
    }

    interface Limits {
        /** Enough for replicate-kn-figures on all 34 relations × 30 facts (9,810 prompts). */
        @WithDefault("12000")
        int maxPrompts();

        @WithDefault("10")
        int maxSteps();

        @WithDefault("1048576")
        int maxMessageBytes();
    }
}
