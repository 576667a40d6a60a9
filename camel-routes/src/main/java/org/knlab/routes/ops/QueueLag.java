package org.knlab.routes.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.knlab.routes.KnConfig;

/** Gauge {@code kn.queue.lag}: records not yet consumed by the intake and the step workers. */
@ApplicationScoped
public class QueueLag {

    private final KafkaAdmin kafka;
    private final KnConfig config;

    QueueLag(KafkaAdmin kafka, KnConfig config) {
        this.kafka = kafka;
        this.config = config;
    }

    void register(@Observes StartupEvent event, MeterRegistry registry) {
        Gauge.builder("kn.queue.lag", () -> lag("kn-intake", config.topics().requests()))
                .tag("queue", "requests").register(registry);
        Gauge.builder("kn.queue.lag", () -> lag("kn-workers", config.topics().steps()))
                .tag("queue", "steps").register(registry);
    }

    /** Sum over partitions of (end offset − committed offset); NaN when Kafka does not answer. */
    public double lag(String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.get().listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(3, TimeUnit.SECONDS).entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = kafka.get()
                    .listOffsets(committed.keySet().stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get(3, TimeUnit.SECONDS);
            return committed.entrySet().stream()
                    .mapToLong(e -> ends.get(e.getKey()).offset() - e.getValue().offset()).sum();
        } catch (Exception e) {
            return Double.NaN;
        }
    }
}
