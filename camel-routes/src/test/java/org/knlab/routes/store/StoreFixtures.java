package org.knlab.routes.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.knlab.routes.Json;
import org.knlab.schemas.TopicNames;

/**
 * What the store's topics carry for a few experiments, shaped as the worker writes it (CloudEvents,
 * a dead letter, row chunks), and databases to store them in, migrated by the application's Flyway
 * scripts.
 */
public final class StoreFixtures {

    /** One record of a store topic. */
    public record Item(String topic, JsonNode value, StoreWriter.DeadLetter deadLetter) {
        void storeIn(StoreWriter w) {
            if (deadLetter != null) {
                w.deadLetter(deadLetter);
            } else if (topic.equals(TopicNames.ROWS)) {
                w.rows(value);
            } else {
                w.event(topic, value);
            }
        }
    }

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private StoreFixtures() {}

    /** A completed probe → knowledge-neurons → interventions experiment, a running one, a rejected one. */
    public static List<Item> experiments(String prefix) {
        List<Item> out = new ArrayList<>();
        String a = prefix + "-a";
        int[] t = {0};
        out.add(event(TopicNames.PROGRESS, "accepted", a, t, """
                {"experimentId": "%s", "model": "bert-base-cased", "steps": ["kn", "iv"],
                 "stepTypes": ["knowledge-neurons", "interventions"],
                 "request": {"experimentId": "%s", "steps": [{"id": "kn", "type": "knowledge-neurons"},
                    {"id": "iv", "type": "interventions"}], "alerts": {"permutationAlpha": 0.1}}}""".formatted(a, a)));
        out.add(event(TopicNames.PROGRESS, "started", a, t, step(a, "kn", "knowledge-neurons", 0)));
        out.add(event(
                TopicNames.PROGRESS,
                "progress",
                a,
                t,
                "{\"experimentId\": \"%s\", \"step\": \"kn\", \"done\": 2, \"total\": 4, \"unit\": \"items\"}"
                        .formatted(a)));
        out.add(event(TopicNames.PROGRESS, "step.completed", a, t, completed(a, "kn", "knowledge-neurons", 0, 1500.5)));
        out.add(event(TopicNames.RESULTS, "step.result", a, t, """
                {"experimentId": "%s", "step": "kn", "stepType": "knowledge-neurons", "output": {"statistics":
                 {"layerShare": [0, 0, 0, 0, 0, 0, 0, 0, 0.1, 0.2, 0.3, 0.4], "hubs": []}}, "reproducibility": {"seed": 0}}""".formatted(a)));
        out.add(event(TopicNames.PROGRESS, "started", a, t, step(a, "iv", "interventions", 1)));
        out.add(event(TopicNames.PROGRESS, "step.completed", a, t, completed(a, "iv", "interventions", 1, 7200500.0)));
        out.add(event(TopicNames.RESULTS, "step.result", a, t, """
                {"experimentId": "%s", "step": "iv", "stepType": "interventions", "output": {
                  "byRelation": {
                    "P36": {"own": {"suppress": {"facts": 3, "ratioOfMeans": -0.31, "meanOfRatios": -0.4,
                              "accuracyBefore": 0.8, "accuracyAfter": 0.5, "controlRatioOfMeans": 0.001, "z": -5.2, "p": 0.0099,
                              "ratioOfMeansCi": {"low": -0.4, "high": -0.22, "level": 0.95, "resamples": 200}}},
                            "other-relation": {"suppress": {"facts": 3, "ratioOfMeans": -0.2, "meanOfRatios": -0.1,
                              "accuracyBefore": 0.5, "accuracyAfter": 0.5, "controlRatioOfMeans": 0.0, "z": -1, "p": 0.3}}},
                    "P103": {"own": {"suppress": {"facts": 2, "ratioOfMeans": -0.05, "meanOfRatios": -0.06,
                              "accuracyBefore": 0.9, "accuracyAfter": 0.9, "controlRatioOfMeans": -0.01, "z": "NaN", "p": 0.4}}}},
                  "dropout": {"points": [{"fraction": 0.0002, "neurons": 7, "repeats": 5, "ratioOfMeans": 0.001,
                     "ratioOfMeansSd": 0.004, "meanOfRatios": 0.0, "meanOfRatiosSd": 0.01, "accuracyBefore": 0.8,
                     "accuracyAfter": 0.8, "accuracyAfterSd": 0.0, "meanKl": 0.001}]}},
                 "reproducibility": {"seed": 0, "parameters": {"controls": 100}}}""".formatted(a)));
        out.add(rows(
                a,
                "iv",
                0,
                "{\"fact\": {\"uuid\": \"u1\", \"relation\": \"P36\"}, \"ratio\": -0.3}",
                "{\"fact\": {\"uuid\": \"u2\", \"relation\": \"P36\"}, \"ratio\": \"=1+1\"}"));
        out.add(
                rows(
                        a,
                        "iv",
                        1,
                        "{\"fact\": {\"uuid\": \"u3\", \"relation\": \"P103\"}, \"ratio\": -0.05, \"note\": \"a, \\\"b\\\"\"}"));
        out.add(event(
                TopicNames.PROGRESS,
                "completed",
                a,
                t,
                "{\"experimentId\": \"%s\", \"steps\": [\"kn\", \"iv\"], \"durationMs\": 7300000.25}".formatted(a)));
        out.add(event(
                TopicNames.RESULTS,
                "result",
                a,
                t,
                "{\"experimentId\": \"%s\", \"outputs\": {}, \"reproducibility\": {\"seed\": 0}}".formatted(a)));

        String b = prefix + "-b";
        out.add(event(TopicNames.PROGRESS, "accepted", b, t, """
                {"experimentId": "%s", "model": "bert-base-cased", "steps": ["p"], "stepTypes": ["probe"]}""".formatted(b)));
        out.add(event(TopicNames.PROGRESS, "started", b, t, step(b, "p", "probe", 0)));

        String c = prefix + "-c";
        String failed =
                "{\"experimentId\": \"%s\", \"reason\": {\"code\": \"schema-violation\", \"field\": \"$.seed\", "
                        + "\"message\": \"seed is not an integer\"}}";
        out.add(event(TopicNames.PROGRESS, "failed", c, t, failed.formatted(c)));
        out.add(event(TopicNames.RESULTS, "failed", c, t, failed.formatted(c)));
        out.add(new Item(
                TopicNames.DLQ,
                null,
                new StoreWriter.DeadLetter(
                        TopicNames.DLQ,
                        0,
                        prefix.hashCode() & 0xffff,
                        c,
                        "schema-violation",
                        "$.seed",
                        "seed is not an integer",
                        TopicNames.REQUESTS,
                        "{\"experimentId\": \"x\", \"seed\": 1.5}".getBytes(StandardCharsets.UTF_8),
                        T0.toEpochMilli())));
        return out;
    }

    /** A one-step experiment that failed in its step, then (an operator took the failure back) completed. */
    public static List<Item> failedThenCompleted(String exp) {
        List<Item> out = new ArrayList<>();
        int[] t = {0};
        out.add(event(TopicNames.PROGRESS, "accepted", exp, t, """
                {"experimentId": "%s", "model": "bert-base-cased", "steps": ["figures"], "stepTypes": ["replicate-kn-figures"]}""".formatted(exp)));
        out.add(event(TopicNames.PROGRESS, "started", exp, t, step(exp, "figures", "replicate-kn-figures", 0)));
        out.add(event(TopicNames.RESULTS, "failed", exp, t, """
                {"experimentId": "%s", "step": "figures", "reason": {"code": "step-error",
                 "message": "IllegalStateException: NDManager has been closed already."}}""".formatted(exp)));
        out.add(event(
                TopicNames.PROGRESS,
                "step.completed",
                exp,
                t,
                completed(exp, "figures", "replicate-kn-figures", 0, 9e6)));
        out.add(event(
                TopicNames.PROGRESS,
                "completed",
                exp,
                t,
                "{\"experimentId\": \"%s\", \"steps\": [\"figures\"], \"durationMs\": 9000000}".formatted(exp)));
        return out;
    }

    /** A completed one-step experiment whose step gave this output. */
    public static List<Item> oneStep(String exp, String step, String type, JsonNode output) {
        List<Item> out = new ArrayList<>();
        int[] t = {0};
        out.add(event(TopicNames.PROGRESS, "accepted", exp, t, """
                {"experimentId": "%s", "model": "bert-base-cased", "steps": ["%s"], "stepTypes": ["%s"]}""".formatted(exp, step, type)));
        out.add(event(TopicNames.PROGRESS, "started", exp, t, step(exp, step, type, 0)));
        out.add(event(TopicNames.PROGRESS, "step.completed", exp, t, completed(exp, step, type, 0, 1000)));
        ObjectNode result = Json.MAPPER
                .createObjectNode()
                .put("experimentId", exp)
                .put("step", step)
                .put("stepType", type);
        result.set("output", output);
        result.putObject("reproducibility").put("seed", 0);
        out.add(event(TopicNames.RESULTS, "step.result", exp, t, result.toString()));
        out.add(event(
                TopicNames.PROGRESS,
                "completed",
                exp,
                t,
                "{\"experimentId\": \"%s\", \"steps\": [\"%s\"], \"durationMs\": 1000}".formatted(exp, step)));
        out.add(event(
                TopicNames.RESULTS,
                "result",
                exp,
                t,
                "{\"experimentId\": \"%s\", \"outputs\": {}, \"reproducibility\": {\"seed\": 0}}".formatted(exp)));
        return out;
    }

    private static String step(String exp, String step, String type, int index) {
        return "{\"experimentId\": \"%s\", \"step\": \"%s\", \"stepType\": \"%s\", \"stepIndex\": %d, \"stepCount\": 2}"
                .formatted(exp, step, type, index);
    }

    private static String completed(String exp, String step, String type, int index, double ms) {
        return ("{\"experimentId\": \"%s\", \"step\": \"%s\", \"stepType\": \"%s\", \"stepIndex\": %d, "
                        + "\"durationMs\": %s, \"summary\": {\"facts\": 3}}")
                .formatted(exp, step, type, index, ms);
    }

    private static Item event(String topic, String type, String exp, int[] t, String data) {
        ObjectNode e = Json.MAPPER
                .createObjectNode()
                .put("specversion", "1.0")
                .put("id", UUID.randomUUID().toString())
                .put("source", "urn:knlab:camel-routes")
                .put("type", "org.knlab.experiment." + type)
                .put("subject", exp)
                .put("time", T0.plusSeconds(t[0]++).toString())
                .put("datacontenttype", "application/json");
        e.set("data", json(data));
        return new Item(topic, e, null);
    }

    private static Item rows(String exp, String step, int chunk, String... rows) {
        ObjectNode r = Json.MAPPER
                .createObjectNode()
                .put("experimentId", exp)
                .put("step", step)
                .put("chunk", chunk)
                .put("chunks", 2);
        for (String row : rows) {
            r.withArray("rows").add(json(row));
        }
        return new Item(TopicNames.ROWS, r, null);
    }

    /** An empty embedded database with the application's URL options, migrated. */
    static DataSource h2(Path dir) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(applicationProperty("quarkus.datasource.h2.jdbc.url").replace("${kn.data-dir}", dir.toString()));
        ds.setUser("kn");
        return migrated(ds);
    }

    static DataSource migrated(DataSource ds) {
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return new OneConnection(ds);
    }

    static String applicationProperty(String name) {
        try (InputStream in = StoreFixtures.class.getResourceAsStream("/application.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty(name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("kn-h2-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (IOException e) {
            throw new IllegalStateException(s, e);
        }
    }
}
