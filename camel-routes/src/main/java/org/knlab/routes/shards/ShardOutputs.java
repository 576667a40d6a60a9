package org.knlab.routes.shards;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.knlab.routes.Json;
import org.knlab.routes.KnConfig;
import org.knlab.schemas.ShardMessage;
import org.knlab.schemas.StepMessage;

/**
 * Reads a sharded step's records back from {@code kn.shards.outputs} for its join: the range of one
 * partition that its tally names, keeping the step's own records (its key), the first copy of each
 * (phase, shard, chunk), and the items of each phase in shard and chunk order — the facts' order.
 */
@ApplicationScoped
public class ShardOutputs {

    /** The {@code kind} of the record that carries the step's message, written when it is sharded. */
    static final String CONTEXT = "context";

    static final String OUTPUT = "output";

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    /** The step's message, when it was sharded, and each phase's items up to the joined one. */
    public record StepRecords(StepMessage message, long plannedAtMs, List<List<JsonNode>> items) {}

    private final String brokers;
    private final String topic;

    ShardOutputs(KnConfig config, @ConfigProperty(name = "camel.component.kafka.brokers") String brokers) {
        this.brokers = brokers;
        this.topic = config.topics().shardOutputs();
    }

    public StepRecords read(ShardTally tally) {
        String key = ShardMessage.stepKey(tally.experimentId(), tally.stepIndex());
        TopicPartition partition = new TopicPartition(topic, tally.partition());
        JsonNode context = null;
        // phase → shard → chunk → items
        Map<Integer, Map<Integer, Map<Integer, JsonNode>>> outputs = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        brokers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, tally.fromOffset());
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (consumer.position(partition) <= tally.toOffset()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the outputs of " + key + " up to offset " + tally.toOffset()
                            + " could not be read back from " + partition);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() > tally.toOffset() || !key.equals(r.key())) {
                        continue;
                    }
                    JsonNode v = Json.MAPPER.readTree(r.value());
                    if (CONTEXT.equals(v.path("kind").asText())) {
                        context = context == null ? v : context;
                    } else if (v.path("phase").asInt() <= tally.phase()) {
                        outputs.computeIfAbsent(v.path("phase").asInt(), p -> new TreeMap<>())
                                .computeIfAbsent(v.path("shard").asInt(), s -> new TreeMap<>())
                                .putIfAbsent(v.path("chunk").asInt(), v.path("items"));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable shard output of " + key, e);
        }
        if (context == null) {
            throw new IllegalStateException("the context record of " + key + " is not in " + partition);
        }
        List<List<JsonNode>> items = new ArrayList<>();
        for (int phase = 0; phase <= tally.phase(); phase++) {
            List<JsonNode> phaseItems = new ArrayList<>();
            outputs.getOrDefault(phase, Map.of())
                    .values()
                    .forEach(chunks -> chunks.values().forEach(chunk -> chunk.forEach(phaseItems::add)));
            items.add(phaseItems);
        }
        return new StepRecords(
                Json.MAPPER.convertValue(context.path("message"), StepMessage.class),
                context.path("plannedAtMs").asLong(),
                items);
    }
}
