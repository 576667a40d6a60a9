package org.knlab.routes.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.knlab.routes.Json;
import org.knlab.routes.UntrustedText;
import org.knlab.schemas.EventData;
import org.knlab.schemas.EventType;

/**
 * Writes what the platform's topics carry into the results tables, idempotently: a CloudEvent is
 * applied only if its id is new (the events row and everything it changes commit together), a dead
 * letter only if its topic-partition-offset is new, a row chunk only if its (experiment, step, chunk)
 * is new. A replayed or duplicated record therefore changes nothing. Status only moves forward,
 * whatever order the topics are read in: completed is final; failed is final but for a completion
 * (an operator took the failure back and the experiment finished — its result is the proof), and
 * the failure's details stay as its history.
 */
public final class StoreWriter {

    /** A dead-letter record as read from Kafka. */
    public record DeadLetter(
            String topic,
            int partition,
            long offset,
            String key,
            String code,
            String field,
            String message,
            String sourceTopic,
            byte[] original,
            long receivedAt) {}

    private static final Logger LOG = Logger.getLogger(StoreWriter.class);

    private static final String FINAL = "('completed', 'failed')";

    private final DataSource db;

    public StoreWriter(DataSource db) {
        this.db = db;
    }

    /**
     * Stores one CloudEvent read from a topic; false if its id was stored before. Its data is read as
     * the type's record ({@link EventData}); a type this store does not know is kept in events only.
     */
    public boolean event(String topic, JsonNode event) {
        String id = event.path("id").asText();
        Optional<EventType> eventType = EventType.of(event.path("type").asText());
        String type = event.path("type").asText().replace("org.knlab.experiment.", "");
        JsonNode data = event.path("data");
        String experiment =
                event.path("subject").asText(data.path("experimentId").asText());
        long time = millis(event.path("time").asText());
        return Sql.inTransaction(db, c -> {
            if (Sql.update(
                            c,
                            "INSERT INTO events (id, experiment_id, type, topic, event_time, step_id, data) "
                                    + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                            id,
                            experiment,
                            type,
                            topic,
                            time,
                            text(data.path("step")),
                            data.toString())
                    == 0) {
                return false;
            }
            if (eventType.isEmpty()) {
                return true;
            }
            EventData typed;
            try {
                typed = EventData.read(eventType.get(), data);
            } catch (IllegalArgumentException e) {
                // kept as it came in events; the tables stay as they were rather than take half a record
                LOG.warnf("event %s not projected: %s", id, UntrustedText.forLog(e.getMessage()));
                return true;
            }
            if (eventType.get() != EventType.ALERT) {
                ensureExperiment(c, experiment, time);
            }
            apply(c, typed, experiment, id, time);
            return true;
        });
    }

    private void apply(Connection c, EventData data, String exp, String eventId, long time) throws SQLException {
        switch (data.eventType()) {
            case ACCEPTED -> {
                EventData.Accepted d = (EventData.Accepted) data;
                Sql.update(
                        c,
                        "UPDATE experiments SET model = ?, workflow_type = ?, request = ?, accepted_at = ? "
                                + "WHERE id = ?",
                        d.model(),
                        d.stepTypes() == null ? null : String.join(">", d.stepTypes()),
                        d.request() == null ? null : d.request().toString(),
                        time,
                        exp);
            }
            case STARTED -> {
                EventData.Started d = (EventData.Started) data;
                Sql.update(c, "UPDATE experiments SET status = 'running' WHERE id = ? AND status NOT IN " + FINAL, exp);
                ensureStep(c, exp, d.step());
                Sql.update(
                        c,
                        "UPDATE steps SET step_index = ?, step_type = ?, started_at = ? WHERE experiment_id = ? "
                                + "AND step_id = ?",
                        d.stepIndex(),
                        d.stepType(),
                        time,
                        exp,
                        d.step());
            }
            case PROGRESS -> {
                EventData.Progress d = (EventData.Progress) data;
                ensureStep(c, exp, d.step());
                Sql.update(
                        c,
                        "UPDATE steps SET done = ?, total = ? WHERE experiment_id = ? AND step_id = ? "
                                + "AND (done IS NULL OR done <= ?)",
                        d.done(),
                        d.total(),
                        exp,
                        d.step(),
                        d.done());
            }
            case STEP_COMPLETED -> {
                EventData.StepCompleted d = (EventData.StepCompleted) data;
                ensureStep(c, exp, d.step());
                Sql.update(
                        c,
                        "UPDATE steps SET status = 'completed', step_index = ?, step_type = ?, completed_at = ?, "
                                + "duration_ms = ?, summary = ? WHERE experiment_id = ? AND step_id = ?",
                        d.stepIndex(),
                        d.stepType(),
                        time,
                        d.durationMs(),
                        String.valueOf(d.summary()),
                        exp,
                        d.step());
            }
            case STEP_RESULT -> {
                EventData.StepResult d = (EventData.StepResult) data;
                Sql.update(
                        c,
                        "INSERT INTO results (experiment_id, step_id, step_type, event_id, output, "
                                + "reproducibility) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                        exp,
                        d.step(),
                        d.stepType(),
                        eventId,
                        String.valueOf(d.output()),
                        String.valueOf(d.reproducibility()));
            }
            case RESULT -> {
                EventData.Result d = (EventData.Result) data;
                Sql.update(
                        c,
                        "INSERT INTO results (experiment_id, step_id, step_type, event_id, output, "
                                + "reproducibility) VALUES (?, '', NULL, ?, ?, ?) ON CONFLICT DO NOTHING",
                        exp,
                        eventId,
                        String.valueOf(d.outputs()),
                        String.valueOf(d.reproducibility()));
            }
            case COMPLETED ->
                Sql.update(
                        c,
                        "UPDATE experiments SET status = 'completed', duration_ms = ? WHERE id = ? "
                                + "AND status <> 'completed'",
                        ((EventData.Completed) data).durationMs(),
                        exp);
            case FAILED -> {
                EventData.Failed d = (EventData.Failed) data;
                Sql.update(
                        c,
                        "UPDATE experiments SET status = CASE WHEN status IN " + FINAL
                                + " THEN status ELSE 'failed' END, "
                                + "failure_code = ?, failure_field = ?, failure_message = ?, failed_step = ? WHERE id = ?",
                        d.reason().code(),
                        d.reason().field(),
                        d.reason().message(),
                        d.step(),
                        exp);
                if (d.step() != null) {
                    ensureStep(c, exp, d.step());
                    Sql.update(
                            c,
                            "UPDATE steps SET status = 'failed' WHERE experiment_id = ? AND step_id = ? "
                                    + "AND status = 'running'",
                            exp,
                            d.step());
                }
            }
            case ALERT -> {
                EventData.Alert d = (EventData.Alert) data;
                claimAlert(
                        c,
                        d.rule(),
                        d.subject() == null ? exp : d.subject(),
                        exp,
                        d.severity(),
                        d.message(),
                        d.evidence() == null ? Json.MAPPER.missingNode() : d.evidence(),
                        time,
                        eventId);
            }
        }
    }

    /**
     * Records an alert unless one of the same rule and subject exists; true if this call recorded it
     * (and so the caller fires it). The alert event that comes back from Kafka finds it there.
     */
    public boolean alert(
            String rule,
            String subject,
            String experiment,
            String severity,
            String message,
            JsonNode evidence,
            long firedAt,
            String eventId) {
        return Sql.inTransaction(
                db, c -> claimAlert(c, rule, subject, experiment, severity, message, evidence, firedAt, eventId));
    }

    private static boolean claimAlert(
            Connection c,
            String rule,
            String subject,
            String exp,
            String severity,
            String message,
            JsonNode evidence,
            long firedAt,
            String eventId)
            throws SQLException {
        return Sql.update(
                        c,
                        "INSERT INTO alerts (rule, subject, experiment_id, severity, message, evidence, fired_at, "
                                + "event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                        rule,
                        subject,
                        exp,
                        severity,
                        message,
                        evidence.isMissingNode() ? "{}" : evidence.toString(),
                        firedAt,
                        eventId)
                == 1;
    }

    /** Stores a dead letter; false if its topic-partition-offset was stored before. */
    public boolean deadLetter(DeadLetter d) {
        return Sql.inTransaction(
                db,
                c -> Sql.update(
                                c,
                                "INSERT INTO rejected_messages (topic, kafka_partition, "
                                        + "record_offset, experiment_id, code, field, message, source_topic, original, received_at) "
                                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                                d.topic(),
                                d.partition(),
                                d.offset(),
                                d.key(),
                                d.code(),
                                d.field(),
                                d.message(),
                                d.sourceTopic(),
                                d.original(),
                                d.receivedAt())
                        == 1);
    }

    /** Stores one chunk of a step's per-fact rows ({@code {experimentId, step, chunk, rows: [...]}}). */
    public boolean rows(JsonNode chunk) {
        String exp = chunk.path("experimentId").asText();
        String step = chunk.path("step").asText();
        int index = chunk.path("chunk").asInt();
        return Sql.inTransaction(db, c -> {
            int stored = 0;
            JsonNode rows = chunk.path("rows");
            for (int i = 0; i < rows.size(); i++) {
                stored += Sql.update(
                        c,
                        "INSERT INTO fact_rows (experiment_id, step_id, chunk, row_index, data) "
                                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                        exp,
                        step,
                        index,
                        i,
                        rows.get(i).toString());
            }
            return stored > 0;
        });
    }

    private static void ensureExperiment(Connection c, String exp, long time) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO experiments (id, status, updated_at) VALUES (?, 'accepted', ?) ON CONFLICT DO NOTHING",
                exp,
                time);
        Sql.update(c, "UPDATE experiments SET updated_at = ? WHERE id = ? AND updated_at < ?", time, exp, time);
    }

    private static void ensureStep(Connection c, String exp, String step) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO steps (experiment_id, step_id, status) VALUES (?, ?, 'running') ON CONFLICT DO NOTHING",
                exp,
                step);
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    static long millis(String isoTime) {
        try {
            return Instant.parse(isoTime).toEpochMilli();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    static JsonNode parse(String json) {
        try {
            return json == null ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored document does not parse", e);
        }
    }
}
