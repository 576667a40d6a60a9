package org.knlab.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * The data of each CloudEvent kn-lab publishes, one record per {@link EventType} (the {@code $defs} of
 * {@code events.schema.json}): the publisher writes these records and the store reads them back, so a
 * field is named in one place. Absent optional fields (null) are left out of the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface EventData {

    /** The event type this data belongs to. */
    @JsonIgnore
    EventType eventType();

    String experimentId();

    /** An experiment request passed validation: its model, steps, and the request as it was sent. */
    record Accepted(String experimentId, String model, List<String> steps, List<String> stepTypes, JsonNode request)
            implements EventData {
        @Override
        public EventType eventType() {
            return EventType.ACCEPTED;
        }
    }

    /** A step began on a worker. */
    record Started(String experimentId, String step, String stepType, int stepIndex, int stepCount)
            implements EventData {
        @Override
        public EventType eventType() {
            return EventType.STARTED;
        }
    }

    /** Work done in a step; a sharded step's also say its phase and shards (null otherwise). */
    record Progress(
            String experimentId,
            String step,
            Integer phase,
            int done,
            int total,
            String unit,
            Integer shardsDone,
            Integer shards)
            implements EventData {

        /** Progress of a step that runs whole. */
        public static Progress of(String experimentId, String step, int done, int total) {
            return new Progress(experimentId, step, null, done, total, "items", null, null);
        }

        @Override
        public EventType eventType() {
            return EventType.PROGRESS;
        }
    }

    /** A step finished: how long it took and its summary numbers. */
    record StepCompleted(
            String experimentId, String step, String stepType, int stepIndex, double durationMs, JsonNode summary)
            implements EventData {
        @Override
        public EventType eventType() {
            return EventType.STEP_COMPLETED;
        }
    }

    /** A step's whole output and what reproduces it. */
    record StepResult(String experimentId, String step, String stepType, JsonNode output, JsonNode reproducibility)
            implements EventData {
        @Override
        public EventType eventType() {
            return EventType.STEP_RESULT;
        }
    }

    /** Every step of the experiment finished. */
    record Completed(String experimentId, List<String> steps, double durationMs) implements EventData {
        @Override
        public EventType eventType() {
            return EventType.COMPLETED;
        }
    }

    /** The experiment's outputs by step id, and what reproduces them. */
    record Result(String experimentId, JsonNode outputs, JsonNode reproducibility) implements EventData {
        @Override
        public EventType eventType() {
            return EventType.RESULT;
        }
    }

    /** The experiment failed, in a step (null: before any ran) or at intake. */
    record Failed(String experimentId, String step, Reason reason) implements EventData {
        @Override
        public EventType eventType() {
            return EventType.FAILED;
        }
    }

    /** Why: an error code, the message, and the field at fault (null when none is). */
    record Reason(String code, String message, String field) {}

    /** A rule fired on a subject (a relation, a step), with the numbers it saw. */
    record Alert(String experimentId, String rule, String severity, String message, String subject, JsonNode evidence)
            implements EventData {
        @Override
        public EventType eventType() {
            return EventType.ALERT;
        }
    }

    /** The type of {@code type}'s data. */
    static Class<? extends EventData> typeOf(EventType type) {
        return switch (type) {
            case ACCEPTED -> Accepted.class;
            case STARTED -> Started.class;
            case PROGRESS -> Progress.class;
            case STEP_COMPLETED -> StepCompleted.class;
            case STEP_RESULT -> StepResult.class;
            case COMPLETED -> Completed.class;
            case RESULT -> Result.class;
            case FAILED -> Failed.class;
            case ALERT -> Alert.class;
        };
    }

    /**
     * An event's data as its record; fields this version does not know are ignored (a newer producer's
     * event still lands), a field of the wrong type is an error.
     */
    static EventData read(EventType type, JsonNode data) {
        try {
            return READER.treeToValue(data, typeOf(type));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "the data of a " + type.type() + " event does not read: " + e.getOriginalMessage(), e);
        }
    }

    ObjectMapper READER = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
}
