package org.knlab.routes;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.quarkus.main.events.BeforeStart;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.jboss.logging.Logger;
import org.knlab.routes.ops.KafkaAdmin;

/**
 * Creates the platform's topics if they are missing, before Camel starts any consumer (a consumer
 * would otherwise have a broker auto-create them with its default partition count): requests,
 * steps and the event topics with {@code kn.kafka.partitions} (one worker per partition), the DLQ
 * able to hold a record of {@code kn.limits.max-dead-letter-bytes}, the processed-ids topic
 * compacted (it is the idempotency record), the shard outputs with their retention. Existing topics
 * are left as they are.
 */
@ApplicationScoped
public class KafkaTopics {

    private static final Logger LOG = Logger.getLogger(KafkaTopics.class);

    private final KafkaAdmin kafka;
    private final KnConfig.Topics topics;
    private final int partitions;
    private final int deadLetterRecordBytes;
    private final long shardOutputRetentionMs;

    KafkaTopics(KafkaAdmin kafka, KnConfig config) {
        this.kafka = kafka;
        this.topics = config.topics();
        this.partitions = config.kafka().partitions();
        this.deadLetterRecordBytes = EventPublisher.maxRecordBytes(config.limits());
        this.shardOutputRetentionMs = config.kafka().shardOutputRetentionMs();
    }

    void beforeCamelStarts(@Observes BeforeStart event) {
        ensureAll();
        LOG.infof("kn-lab topics ready (%d partitions)", partitions);
    }

    void ensureAll() {
        try {
            Set<String> existing = kafka.get().listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing = List.of(
                            new NewTopic(topics.requests(), partitions, (short) 1),
                            new NewTopic(topics.steps(), partitions, (short) 1),
                            new NewTopic(topics.progress(), partitions, (short) 1),
                            new NewTopic(topics.results(), partitions, (short) 1),
                            new NewTopic(topics.alerts(), partitions, (short) 1),
                            new NewTopic(topics.rows(), partitions, (short) 1),
                            new NewTopic(topics.shards(), partitions, (short) 1),
                            new NewTopic(topics.shardOutputs(), partitions, (short) 1)
                                    .configs(Map.of(
                                            TopicConfig.RETENTION_MS_CONFIG, String.valueOf(shardOutputRetentionMs))),
                            new NewTopic(topics.shardJoins(), partitions, (short) 1),
                            new NewTopic(topics.dlq(), 1, (short) 1)
                                    .configs(Map.of(
                                            TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                                            String.valueOf(deadLetterRecordBytes))),
                            new NewTopic(topics.processed(), 1, (short) 1)
                                    .configs(Map.of(
                                            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))
                    .stream()
                    .filter(t -> !existing.contains(t.name()))
                    .toList();
            if (!missing.isEmpty()) {
                kafka.get().createTopics(missing).all().get(10, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException(
                        "cannot create the kn-lab topics: " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer while creating the kn-lab topics", e);
        }
    }
}
