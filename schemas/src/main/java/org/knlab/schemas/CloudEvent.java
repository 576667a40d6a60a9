package org.knlab.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * A CloudEvent 1.0 in structured mode: this object, as JSON, is the Kafka record value (header
 * {@code content-type: application/cloudevents+json}, key = experiment id).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        String time,
        String datacontenttype,
        String dataschema,
        JsonNode data) {

    public static final String CONTENT_TYPE = "application/cloudevents+json";
    public static final String SOURCE = "urn:knlab:camel-routes";

    public static CloudEvent of(EventType type, String experimentId, JsonNode data) {
        return of(type, UUID.randomUUID().toString(), experimentId, data);
    }

    /** With a given id: an event that must be the same event however often it is produced (an alert). */
    public static CloudEvent of(EventType type, String id, String experimentId, JsonNode data) {
        return new CloudEvent(
                "1.0",
                id,
                SOURCE,
                type.type(),
                experimentId,
                Instant.now().toString(),
                "application/json",
                MessageValidator.BASE_URI + type.dataSchema(),
                data);
    }
}
