package org.knlab.routes;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
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
    }

    interface Kafka {
        /** Partitions of the requests, steps and event topics when kn-lab creates them: at most this many workers. */
        int partitions();
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
