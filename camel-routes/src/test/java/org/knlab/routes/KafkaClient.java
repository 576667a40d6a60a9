package org.knlab.routes;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.knlab.schemas.MessageValidator;
import org.knlab.schemas.Violation;

/**
 * What a user does: publish requests and read the event topics from the beginning. Every event it
 * hands a test has been validated against the schemas (step outputs against their step type's).
 */
public final class KafkaClient implements AutoCloseable {

    private static final MessageValidator VALIDATOR = new MessageValidator();

    private final String brokers;
    private final KafkaProducer<String, byte[]> producer;

    public KafkaClient(String brokers) {
        this.brokers = brokers;
        this.producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    public void send(String topic, String key, String value) {
        send(topic, key, value.getBytes(StandardCharsets.UTF_8));
    }

    public void send(String topic, String key, byte[] value) {
        send(producer, topic, key, value);
    }

    /** Sends to a given partition of the topic. */
    public void send(String topic, int partition, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, partition, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public int partitions(String topic) {
        return producer.partitionsFor(topic).size();
    }

    /** Sends gzip-compressed, so that a value far above the broker's 1 MiB limit gets through. */
    public void sendCompressed(String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> gzip = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        brokers,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "gzip",
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        64 << 20),
                new StringSerializer(),
                new ByteArraySerializer())) {
            send(gzip, topic, key, value);
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records of a topic (from the start) until one matches, or the timeout passes. */
    public List<ConsumerRecord<String, byte[]>> readUntil(
            String topic, Predicate<ConsumerRecord<String, byte[]>> done, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        brokers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r);
                    if (done.test(r)) {
                        return seen;
                    }
                }
            }
        }
        throw new AssertionError("no matching record on " + topic + " within " + timeout + "; saw " + seen.size());
    }

    /** Every record on a topic now (reads for the given time). */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic, Duration window) {
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try {
            readUntil(topic, r -> !all.add(r), window);
        } catch (AssertionError expected) {
            // read the whole window
        }
        return all;
    }

    /** CloudEvents of one experiment on a topic, until one of the given type arrives. */
    public List<JsonNode> eventsUntil(String topic, String experimentId, String type, Duration timeout) {
        List<JsonNode> events = new ArrayList<>();
        readUntil(
                topic,
                r -> {
                    if (!experimentId.equals(r.key())) {
                        return false;
                    }
                    JsonNode e = parse(r.value());
                    events.add(e);
                    return e.path("type").asText().equals(type);
                },
                timeout);
        return valid(events);
    }

    /** All CloudEvents of one experiment that are on a topic now (reads for the given time). */
    public List<JsonNode> eventsFor(String topic, String experimentId, Duration window) {
        List<JsonNode> events = new ArrayList<>();
        try {
            readUntil(
                    topic,
                    r -> {
                        if (experimentId.equals(r.key())) {
                            events.add(parse(r.value()));
                        }
                        return false;
                    },
                    window);
        } catch (AssertionError expected) {
            // read the whole window
        }
        return valid(events);
    }

    /** The events, if all are valid; else fails the test listing each event's violations. */
    private static List<JsonNode> valid(List<JsonNode> events) {
        StringBuilder problems = new StringBuilder();
        for (JsonNode e : events) {
            List<Violation> v = VALIDATOR.validateEvent(e);
            if (!v.isEmpty()) {
                problems.append("\n")
                        .append(e.path("type").asText())
                        .append(" ")
                        .append(e.path("data").path("step").asText())
                        .append(": ")
                        .append(v);
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("events that break the schemas:" + problems);
        }
        return events;
    }

    public static JsonNode parse(byte[] value) {
        try {
            return Json.MAPPER.readTree(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
