package org.knlab.routes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.knlab.schemas.CloudEvent;
import org.knlab.schemas.EventData;
import org.knlab.schemas.EventType;
import org.knlab.schemas.ShardMessage;
import org.knlab.schemas.StepMessage;

/**
 * Everything the application writes to Kafka: CloudEvents (structured mode, key = experiment id)
 * on the progress and results topics, step messages on kn.steps, shards and their outputs, and dead
 * letters. (The shard join's Kafka Streams application writes its own topic, kn.shards.joins, in its
 * transactions.)
 *
 * <p>One idempotent Kafka producer sends them in order without waiting for each acknowledgement;
 * the routes call {@link #flush()} before a message counts as handled, so a record is consumed only
 * once everything it caused is durably written. (Camel's kafka producer waits for every send, which
 * cost ~4 ms per event, ten events per request.)
 */
@ApplicationScoped
public class EventPublisher {

    /** Headers of a dead-letter record. */
    public static final String REASON_CODE = "kn-reason-code";

    public static final String REASON_FIELD = "kn-reason-field";
    public static final String REASON_MESSAGE = "kn-reason-message";
    public static final String SOURCE_TOPIC = "kn-source-topic";

    /** Room for a dead letter's key and headers on top of its value. */
    private static final int RECORD_OVERHEAD_BYTES = 64 * 1024;

    private final KafkaProducer<String, byte[]> producer;
    private final KnConfig.Topics topics;
    private final int maxDeadLetterBytes;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    EventPublisher(KnConfig config, @ConfigProperty(name = "camel.component.kafka.brokers") String brokers) {
        this.topics = config.topics();
        this.maxDeadLetterBytes = config.limits().maxDeadLetterBytes();
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        brokers,
                        ProducerConfig.LINGER_MS_CONFIG,
                        0,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        maxRecordBytes(config.limits())),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /** The largest record this producer sends, and the DLQ topic's max.message.bytes: a dead letter at the cap. */
    static int maxRecordBytes(KnConfig.Limits limits) {
        return limits.maxDeadLetterBytes() + RECORD_OVERHEAD_BYTES;
    }

    /** An event on the progress topic. */
    public void progress(EventData data) {
        publish(topics.progress(), CloudEvent.of(data.eventType(), data.experimentId(), Json.MAPPER.valueToTree(data)));
    }

    /** An event on the results topic. */
    public void result(EventData data) {
        publish(topics.results(), CloudEvent.of(data.eventType(), data.experimentId(), Json.MAPPER.valueToTree(data)));
    }

    /** An alert, with an id derived from its rule and subject: a second firing is the same event. */
    public void alert(String eventId, EventData.Alert data) {
        publish(
                topics.alerts(),
                CloudEvent.of(EventType.ALERT, eventId, data.experimentId(), Json.MAPPER.valueToTree(data)));
    }

    /**
     * One chunk of a step's per-fact rows ({@code {experimentId, step, chunk, chunks, rows}}), for the
     * store: the details a step writes to its worker's disk reach the store through Kafka.
     */
    public void rows(String experimentId, JsonNode chunk) {
        send(new ProducerRecord<>(topics.rows(), experimentId, json(chunk)));
    }

    private void publish(String topic, CloudEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        send(new ProducerRecord<>(topic, null, event.subject(), json(event), headers));
    }

    public void step(StepMessage message) {
        send(new ProducerRecord<>(topics.steps(), message.experimentId(), json(message)));
    }

    /** A shard of a sharded step, on its round-robin partition ({@link ShardMessage#partition}). */
    public void shard(ShardMessage message) {
        int partitions = producer.partitionsFor(topics.shards()).size();
        send(new ProducerRecord<>(topics.shards(), message.partition(partitions), message.key(), json(message)));
    }

    /** One chunk of a shard's output, keyed by experiment and step: all outputs of a step on one partition. */
    public void shardOutput(String stepKey, JsonNode chunk) {
        send(new ProducerRecord<>(topics.shardOutputs(), stepKey, json(chunk)));
    }

    /** An accepted experiment or completed step, on the compacted processed-ids topic. */
    public void processed(String id) {
        send(new ProducerRecord<>(topics.processed(), id, "done".getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The original bytes, untouched, with why they were rejected in the headers. An original over
     * {@code kn.limits.max-dead-letter-bytes} is not kept: the record has an empty value and says so.
     */
    public void deadLetter(byte[] original, String key, String sourceTopic, String code, String field, String message) {
        boolean kept = original.length <= maxDeadLetterBytes;
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON_CODE, utf8(code));
        headers.add(REASON_FIELD, utf8(field));
        headers.add(
                REASON_MESSAGE,
                utf8(
                        kept
                                ? message
                                : message + " (the original, " + original.length
                                        + " bytes, is over kn.limits.max-dead-letter-bytes and is not kept)"));
        headers.add(SOURCE_TOPIC, utf8(sourceTopic));
        send(new ProducerRecord<>(topics.dlq(), null, key, kept ? original : new byte[0], headers));
    }

    private void send(ProducerRecord<String, byte[]> record) {
        Callback remember = (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        };
        producer.send(record, remember);
    }

    /** Waits until every record sent so far is acknowledged; throws if any failed. */
    public void flush() {
        producer.flush();
        Exception error = failure.getAndSet(null);
        if (error != null) {
            throw new IllegalStateException("an event could not be written to Kafka: " + error.getMessage(), error);
        }
    }

    @PreDestroy
    void close() {
        producer.close();
    }

    private static byte[] utf8(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] json(Object value) {
        try {
            return Json.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
