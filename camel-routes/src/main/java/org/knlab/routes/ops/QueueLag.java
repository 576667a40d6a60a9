package org.knlab.routes.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.knlab.routes.KnConfig;
import org.knlab.routes.RequestRoute;
import org.knlab.routes.StepRoute;
import org.knlab.routes.shards.ShardRoute;

/** Gauge {@code kn.queue.lag}: records not yet consumed by the intake and the step workers. */
@ApplicationScoped
public class QueueLag {

    /** A topic and the consumer group that works it off. */
    public record Queue(String name, String group, String topic) {}

    private final KafkaAdmin kafka;
    private final KnConfig config;

    QueueLag(KafkaAdmin kafka, KnConfig config) {
        this.kafka = kafka;
        this.config = config;
    }

    /** The intake's requests, the workers' steps and their shards. */
    public List<Queue> queues() {
        return List.of(
                new Queue("requests", RequestRoute.GROUP, config.topics().requests()),
                new Queue("steps", StepRoute.GROUP, config.topics().steps()),
                new Queue("shards", ShardRoute.SHARDS_GROUP, config.topics().shards()));
    }

    void register(@Observes StartupEvent event, MeterRegistry registry) {
        queues().forEach(q -> Gauge.builder("kn.queue.lag", () -> lag(q))
                .tag("queue", q.name())
                .register(registry));
    }

    /**
     * Sum over the topic's partitions of (end offset − committed offset); a partition the group has
     * not committed counts from its start (where the group, reading from the earliest, would begin).
     * NaN when Kafka does not answer.
     */
    public double lag(Queue q) {
        try {
            Admin admin = kafka.get();
            List<TopicPartition> partitions = admin
                    .describeTopics(List.of(q.topic()))
                    .allTopicNames()
                    .get(3, TimeUnit.SECONDS)
                    .get(q.topic())
                    .partitions()
                    .stream()
                    .map(p -> new TopicPartition(q.topic(), p.partition()))
                    .toList();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(q.group())
                    .partitionsToOffsetAndMetadata()
                    .get(3, TimeUnit.SECONDS);
            Map<TopicPartition, Long> starts = offsets(admin, partitions, OffsetSpec.earliest());
            Map<TopicPartition, Long> ends = offsets(admin, partitions, OffsetSpec.latest());
            return partitions.stream()
                    .mapToLong(p -> ends.get(p)
                            - (committed.get(p) == null
                                    ? starts.get(p)
                                    : committed.get(p).offset()))
                    .sum();
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        return admin
                .listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> spec)))
                .all()
                .get(3, TimeUnit.SECONDS)
                .entrySet()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
}
