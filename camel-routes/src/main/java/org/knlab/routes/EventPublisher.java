package org.knlab.routes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.knlab.schemas.CloudEvent;
import org.knlab.schemas.EventType;
import org.knlab.schemas.StepMessage;

/**
 * Everything the application writes to Kafka: CloudEvents (structured mode, key = experiment id)
 * on the progress and results topics, step messages on kn.steps, and dead letters.
 */
@ApplicationScoped
public class EventPublisher {

    /** Headers of a dead-letter record. */
    public static final String REASON_CODE = "kn-reason-code";
    public static final String REASON_FIELD = "kn-reason-field";
    public static final String REASON_MESSAGE = "kn-reason-message";
    public static final String SOURCE_TOPIC = "kn-source-topic";

    private final ProducerTemplate producer;
    private final KnConfig.Topics topics;

    EventPublisher(ProducerTemplate producer, KnConfig config) {
        this.producer = producer;
        this.topics = config.topics();
    }

    public void progress(EventType type, String experimentId, JsonNode data) {
        publish(topics.progress(), type, experimentId, data);
    }

    public void result(EventType type, String experimentId, JsonNode data) {
        publish(topics.results(), type, experimentId, data);
    }

    private void publish(String topic, EventType type, String experimentId, JsonNode data) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(KafkaConstants.KEY, experimentId);
        headers.put("content-type", CloudEvent.CONTENT_TYPE);
        producer.sendBodyAndHeaders("kafka:" + topic, json(CloudEvent.of(type, experimentId, data)), headers);
    }

    public void step(StepMessage message) {
        producer.sendBodyAndHeader("kafka:" + topics.steps(), json(message), KafkaConstants.KEY, message.experimentId());
    }

    /** The original bytes, untouched, with why they were rejected in the headers. */
    public void deadLetter(byte[] original, String key, String sourceTopic, String code, String field, String message) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(KafkaConstants.KEY, key);
        headers.put(REASON_CODE, code);
        headers.put(REASON_FIELD, field == null ? "" : field);
        headers.put(REASON_MESSAGE, message == null ? "" : message);
        headers.put(SOURCE_TOPIC, sourceTopic);
        producer.sendBodyAndHeaders("kafka:" + topics.dlq() + "?valueSerializer="
                + "org.apache.kafka.common.serialization.ByteArraySerializer", original, headers);
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
