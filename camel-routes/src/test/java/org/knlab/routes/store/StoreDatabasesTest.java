package org.knlab.routes.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.knlab.routes.alerts.Alert;
import org.knlab.routes.alerts.AlertRules;
import org.knlab.routes.alerts.Thresholds;
import org.knlab.routes.api.Csv;
import org.knlab.routes.api.RelationTables;

/**
 * The store on the embedded H2 and on a real PostgreSQL server: duplicates change nothing, both
 * databases answer every query alike, alerts are claimed once. Prints each database's throughput.
 */
class StoreDatabasesTest {

    static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    static List<DataSource> fresh(String name) {
        return List.of(StoreFixtures.h2(StoreFixtures.tempDir()), StoreFixtures.migrated(postgres.newDatabase(name)));
    }

    @Test
    void everyRecordDeliveredTwiceGivesTheSameRows() throws Exception {
        for (DataSource db : fresh("twice")) {
            StoreWriter w = new StoreWriter(db);
            List<StoreFixtures.Item> items = StoreFixtures.experiments("dup");
            items.forEach(i -> i.storeIn(w));
            String once = dump(db);
            List<StoreFixtures.Item> again = new ArrayList<>(items);
            Collections.shuffle(again, new Random(1)); // a replay, out of order
            again.forEach(i -> i.storeIn(w));
            assertEquals(once, dump(db));
            assertTrue(once.contains("completed") && once.contains("schema-violation"), once);
        }
    }

    /** Whether the failure or the completion is read first (two topics), it ends completed, its failure kept. */
    @Test
    void aCompletionAfterATakenBackFailureWinsInEitherOrder() {
        for (boolean failureLast : new boolean[] {false, true}) {
            for (DataSource db : fresh("resumed" + failureLast)) {
                StoreWriter w = new StoreWriter(db);
                List<StoreFixtures.Item> items = new ArrayList<>(StoreFixtures.failedThenCompleted("resumed-1"));
                if (failureLast) {
                    items.add(items.remove(2));
                }
                items.forEach(i -> i.storeIn(w));
                JsonNode e = new StoreQueries(db).experiment("resumed-1").orElseThrow();
                assertEquals("completed", e.path("status").asText(), e.toString());
                assertEquals("step-error", e.path("failure").path("code").asText(), e.toString());
                assertEquals(9e6, e.path("durationMs").asDouble(), e.toString());
            }
        }
    }

    @Test
    void embeddedAndPostgresGiveIdenticalAnswers() {
        List<StoreFixtures.Item> items = StoreFixtures.experiments("eq");
        List<StoreQueries> stores = fresh("same").stream()
                .map(db -> {
                    StoreWriter w = new StoreWriter(db);
                    items.forEach(i -> i.storeIn(w));
                    return new StoreQueries(db);
                })
                .toList();
        List<List<String>> answers =
                stores.stream().map(StoreDatabasesTest::answers).toList();
        assertEquals(answers.get(0), answers.get(1));
        assertTrue(
                answers.get(0).get(1).contains("eq-a") && !answers.get(0).get(1).contains("eq-b"),
                answers.get(0).get(1));
    }

    /** Every query the API makes, on the fixtures. */
    static List<String> answers(StoreQueries q) {
        List<String> out = new ArrayList<>();
        out.add(q.experiments(ExperimentFilter.of(null, null, null, null, null, null, null))
                .toString());
        out.add(q.experiments(ExperimentFilter.of("interventions", null, null, null, null, null, null))
                .toString());
        out.add(q.experiments(ExperimentFilter.of(null, "bert-base-cased", "running", null, null, null, "5"))
                .toString());
        out.add(q.experiments(ExperimentFilter.of(
                        null, null, null, "failed", "2026-03-01T10:00:00Z", "2026-03-02T00:00:00Z", null))
                .toString());
        for (String id : List.of("eq-a", "eq-b", "eq-c")) {
            out.add(q.experiment(id).orElseThrow().toString());
        }
        JsonNode iv = q.stepResult("eq-a", "iv").orElseThrow();
        out.add(RelationTables.of(iv.path("stepType").asText(), iv.path("output"))
                .orElseThrow()
                .toString());
        out.add(Csv.of(q.factRows("eq-a", "iv")));
        out.add(q.alerts(10).toString());
        return out;
    }

    @Test
    void anAlertIsClaimedOncePerRuleAndSubject() {
        for (DataSource db : fresh("alerts")) {
            StoreWriter w = new StoreWriter(db);
            Thresholds t = new Thresholds(java.util.Set.of(), 0.05, 3600, 2, 0.1);
            List<Alert> raised = new ArrayList<>();
            for (StoreFixtures.Item i : StoreFixtures.experiments("al")) {
                if (i.value() != null && i.value().has("type")) {
                    raised.addAll(AlertRules.evaluate(i.value(), t));
                    raised.addAll(AlertRules.evaluate(i.value(), t)); // the same event again
                }
            }
            long claimed = raised.stream()
                    .filter(a -> w.alert(
                            a.rule(),
                            a.subject(),
                            a.experimentId(),
                            a.severity(),
                            a.message(),
                            a.evidence(),
                            0,
                            a.eventId()))
                    .count();
            // failed (its progress and results events: one subject), a 2 h step, P103's p = 0.4,
            // P36's unrelated −20% outside the dropout band.
            assertEquals(
                    List.of(AlertRules.FAILED, AlertRules.STEP_TOO_LONG, AlertRules.CONTROLS, AlertRules.DROPOUT),
                    new StoreQueries(db)
                            .alerts(10).findValues("rule").stream()
                                    .map(JsonNode::asText)
                                    .sorted(java.util.Comparator.comparing(r -> List.of(
                                                    AlertRules.FAILED,
                                                    AlertRules.STEP_TOO_LONG,
                                                    AlertRules.CONTROLS,
                                                    AlertRules.DROPOUT)
                                            .indexOf(r)))
                                    .toList());
            assertEquals(4, claimed);
            JsonNode controls = new StoreQueries(db)
                    .alerts(10).findParents("rule").stream()
                            .filter(a -> a.path("rule").asText().equals(AlertRules.CONTROLS))
                            .findFirst()
                            .orElseThrow();
            assertEquals("al-a/iv/P103/own/suppress", controls.path("subject").asText());
            assertEquals(0.4, controls.path("evidence").path("p").asDouble());
        }
    }

    @Test
    void throughputOfABurst() {
        for (DataSource db : fresh("burst")) {
            double perSecond = StoreBenchmark.run(db, 100);
            assertTrue(perSecond > 0);
        }
    }

    /** Every table, every row, in key order. */
    static String dump(DataSource db) throws Exception {
        StringBuilder out = new StringBuilder();
        try (var c = db.getConnection();
                var s = c.createStatement()) {
            for (String table :
                    List.of("experiments", "steps", "events", "results", "fact_rows", "alerts", "rejected_messages")) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1, 2")) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        out.append(table).append(':');
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            Object v = rs.getObject(i);
                            out.append(v instanceof byte[] b ? Arrays.toString(b) : String.valueOf(v))
                                    .append('|');
                        }
                        out.append('\n');
                    }
                }
            }
        }
        return out.toString();
    }
}
