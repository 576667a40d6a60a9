package org.knlab.routes.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.knlab.routes.Json;

/**
 * What the query API, the report and the alert rules read from the store, as JSON. Every list has a
 * total order (ties broken by keys), so the embedded database and PostgreSQL answer alike.
 */
public final class StoreQueries {

    private final DataSource db;

    public StoreQueries(DataSource db) {
        this.db = db;
    }

    public ArrayNode experiments(ExperimentFilter f) {
        // Constant fragments only; every value is a bound parameter.
        StringBuilder sql = new StringBuilder("SELECT * FROM experiments WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (f.type() != null) {
            sql.append(" AND ('>' || workflow_type || '>') LIKE ?");
            args.add("%>" + f.type() + ">%");
        }
        if (f.model() != null) {
            sql.append(" AND model = ?");
            args.add(f.model());
        }
        if (f.status() != null) {
            sql.append(" AND status = ?");
            args.add(f.status());
        }
        if (f.since() != null) {
            sql.append(" AND accepted_at >= ?");
            args.add(f.since());
        }
        if (f.until() != null) {
            sql.append(" AND accepted_at <= ?");
            args.add(f.until());
        }
        sql.append(" ORDER BY updated_at DESC, id LIMIT ?");
        args.add(f.limit());
        return array(Sql.read(db, c -> Sql.query(c, sql.toString(), StoreQueries::experiment, args.toArray())));
    }

    /** One experiment with its steps, events, results, alerts and dead letters. */
    public Optional<ObjectNode> experiment(String id) {
        return Sql.read(db, c -> {
            List<ObjectNode> found =
                    Sql.query(c, "SELECT * FROM experiments WHERE id = ?", StoreQueries::experiment, id);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            ObjectNode e = found.get(0);
            e.set(
                    "request",
                    StoreWriter.parse(
                            Sql.query(c, "SELECT request FROM experiments WHERE id = ?", rs -> rs.getString(1), id)
                                    .get(0)));
            e.set(
                    "steps",
                    array(Sql.query(
                            c,
                            "SELECT * FROM steps WHERE experiment_id = ? " + "ORDER BY step_index, started_at, step_id",
                            StoreQueries::step,
                            id)));
            e.set(
                    "events",
                    array(Sql.query(
                            c,
                            "SELECT id, type, topic, event_time, step_id FROM events "
                                    + "WHERE experiment_id = ? ORDER BY event_time, topic, type, id",
                            StoreQueries::event,
                            id)));
            ObjectNode results = e.putObject("results");
            Sql.query(
                    c,
                    "SELECT * FROM results WHERE experiment_id = ? ORDER BY step_id",
                    rs -> {
                        ObjectNode r = results.putObject(
                                rs.getString("step_id").isEmpty() ? "final" : rs.getString("step_id"));
                        r.put("stepType", rs.getString("step_type"));
                        r.set("output", StoreWriter.parse(rs.getString("output")));
                        r.set("reproducibility", StoreWriter.parse(rs.getString("reproducibility")));
                        return r;
                    },
                    id);
            e.set(
                    "alerts",
                    array(Sql.query(
                            c,
                            "SELECT * FROM alerts WHERE experiment_id = ? ORDER BY fired_at, rule, " + "subject",
                            StoreQueries::alert,
                            id)));
            e.set(
                    "rejected",
                    array(Sql.query(
                            c,
                            "SELECT * FROM rejected_messages WHERE experiment_id = ? "
                                    + "ORDER BY topic, kafka_partition, record_offset",
                            StoreQueries::rejected,
                            id)));
            return Optional.of(e);
        });
    }

    /** A step's output and type, if stored. */
    public Optional<ObjectNode> stepResult(String experiment, String step) {
        return Sql.read(
                db,
                c -> Sql.query(
                                c,
                                "SELECT step_type, output FROM results WHERE experiment_id = ? " + "AND step_id = ?",
                                rs -> {
                                    ObjectNode r =
                                            Json.MAPPER.createObjectNode().put("stepType", rs.getString(1));
                                    r.set("output", StoreWriter.parse(rs.getString(2)));
                                    return r;
                                },
                                experiment,
                                step)
                        .stream()
                        .findFirst());
    }

    /** The per-fact rows of a step, in order (from kn.experiments.rows). */
    public List<JsonNode> factRows(String experiment, String step) {
        return Sql.read(
                db,
                c -> Sql.query(
                        c,
                        "SELECT data FROM fact_rows WHERE experiment_id = ? AND step_id = ? "
                                + "ORDER BY chunk, row_index",
                        rs -> StoreWriter.parse(rs.getString(1)),
                        experiment,
                        step));
    }

    public ArrayNode alerts(int limit) {
        return array(Sql.read(
                db,
                c -> Sql.query(
                        c,
                        "SELECT * FROM alerts ORDER BY fired_at DESC, rule, subject LIMIT ?",
                        StoreQueries::alert,
                        limit)));
    }

    /** Dead letters received since the time (for the DLQ-rate rule). */
    public long deadLettersSince(long since) {
        return Sql.read(
                db,
                c -> Sql.query(
                                c,
                                "SELECT COUNT(*) FROM rejected_messages WHERE received_at >= ?",
                                rs -> rs.getLong(1),
                                since)
                        .get(0));
    }

    /** The request as sent, if the experiment was accepted. */
    public Optional<JsonNode> request(String experiment) {
        return Sql.read(
                db,
                c -> Sql.query(
                                c,
                                "SELECT request FROM experiments WHERE id = ? AND request IS NOT NULL",
                                rs -> StoreWriter.parse(rs.getString(1)),
                                experiment)
                        .stream()
                        .findFirst());
    }

    private static ObjectNode experiment(ResultSet rs) throws SQLException {
        ObjectNode e = Json.MAPPER
                .createObjectNode()
                .put("id", rs.getString("id"))
                .put("status", rs.getString("status"))
                .put("workflowType", rs.getString("workflow_type"))
                .put("model", rs.getString("model"));
        time(e, "acceptedAt", rs, "accepted_at");
        time(e, "updatedAt", rs, "updated_at");
        number(e, "durationMs", rs, "duration_ms");
        if (rs.getString("failure_code") != null) {
            e.putObject("failure")
                    .put("code", rs.getString("failure_code"))
                    .put("field", rs.getString("failure_field"))
                    .put("message", rs.getString("failure_message"))
                    .put("step", rs.getString("failed_step"));
        }
        e.put("report", "/experiments/" + rs.getString("id"));
        return e;
    }

    private static ObjectNode step(ResultSet rs) throws SQLException {
        ObjectNode s = Json.MAPPER
                .createObjectNode()
                .put("id", rs.getString("step_id"))
                .put("type", rs.getString("step_type"))
                .put("status", rs.getString("status"));
        integer(s, "index", rs, "step_index");
        integer(s, "done", rs, "done");
        integer(s, "total", rs, "total");
        time(s, "startedAt", rs, "started_at");
        time(s, "completedAt", rs, "completed_at");
        number(s, "durationMs", rs, "duration_ms");
        s.set("summary", StoreWriter.parse(rs.getString("summary")));
        return s;
    }

    private static ObjectNode event(ResultSet rs) throws SQLException {
        ObjectNode e = Json.MAPPER
                .createObjectNode()
                .put("id", rs.getString("id"))
                .put("type", rs.getString("type"))
                .put("topic", rs.getString("topic"))
                .put("step", rs.getString("step_id"));
        time(e, "time", rs, "event_time");
        return e;
    }

    private static ObjectNode alert(ResultSet rs) throws SQLException {
        ObjectNode a = Json.MAPPER
                .createObjectNode()
                .put("rule", rs.getString("rule"))
                .put("subject", rs.getString("subject"))
                .put("experimentId", rs.getString("experiment_id"))
                .put("severity", rs.getString("severity"))
                .put("message", rs.getString("message"))
                .put("eventId", rs.getString("event_id"));
        a.set("evidence", StoreWriter.parse(rs.getString("evidence")));
        time(a, "firedAt", rs, "fired_at");
        return a;
    }

    private static ObjectNode rejected(ResultSet rs) throws SQLException {
        ObjectNode r = Json.MAPPER
                .createObjectNode()
                .put("topic", rs.getString("topic"))
                .put("partition", rs.getInt("kafka_partition"))
                .put("offset", rs.getLong("record_offset"))
                .put("code", rs.getString("code"))
                .put("field", rs.getString("field"))
                .put("message", rs.getString("message"))
                .put("sourceTopic", rs.getString("source_topic"));
        byte[] original = rs.getBytes("original");
        r.put("originalBytes", original == null ? 0 : original.length);
        time(r, "receivedAt", rs, "received_at");
        return r;
    }

    private static void time(ObjectNode node, String name, ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        node.put(name, rs.wasNull() ? null : Instant.ofEpochMilli(v).toString());
    }

    private static void number(ObjectNode node, String name, ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        if (!rs.wasNull()) {
            node.put(name, v);
        }
    }

    private static void integer(ObjectNode node, String name, ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        if (!rs.wasNull()) {
            node.put(name, v);
        }
    }

    private static ArrayNode array(List<? extends JsonNode> nodes) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        nodes.forEach(out::add);
        return out;
    }
}
