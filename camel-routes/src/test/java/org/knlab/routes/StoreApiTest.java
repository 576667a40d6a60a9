package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.knlab.routes.api.Csv;
import org.knlab.routes.store.StoreFixtures;
import org.knlab.schemas.MessageValidator;
import org.knlab.schemas.TopicNames;

/**
 * The store, its API, alerts, the report and the live page on the running platform: real broker,
 * real bert-base-cased, embedded database, Alertmanager-style receiver, headless Chromium.
 */
@QuarkusTest
class StoreApiTest extends PlatformTestBase {

    static final Duration TIMEOUT = ApiClient.TIMEOUT;

    ApiClient api() {
        return new ApiClient(base);
    }

    static String fillMask(String id) {
        return """
                {"experimentId": "%s", "facts": {"prompts": [{"text": "Baku is the capital of [MASK].", "gold": "Azerbaijan"}]},
                 "steps": [{"id": "predict", "type": "fill-mask", "params": {"top": 3}}]}""".formatted(id);
    }

    @Test
    void eventsLandInTheStoreOnceAndTheApiAnswers() throws Exception {
        kafka.send(TopicNames.REQUESTS, "st-fm-1", fillMask("st-fm-1"));
        JsonNode e = api().until(
                        "/api/experiments/st-fm-1",
                        n -> n.path("status").asText().equals("completed")
                                && n.path("results").has("final"));
        assertEquals("fill-mask", e.path("workflowType").asText());
        ReportFigures.assertLeadsWithItsFigure(base, "st-fm-1", "predict");
        assertEquals(
                "Azerbaijan",
                e.path("results")
                        .path("predict")
                        .path("output")
                        .path("results")
                        .get(0)
                        .path("masks")
                        .get(0)
                        .path("predictions")
                        .get(0)
                        .path("token")
                        .asText());
        assertEquals("completed", e.path("steps").get(0).path("status").asText());

        // Every event of the experiment once more, as a replay would: nothing changes.
        for (String topic : List.of(TopicNames.PROGRESS, TopicNames.RESULTS)) {
            for (ConsumerRecord<String, byte[]> r : kafka.readAll(topic, Duration.ofSeconds(3))) {
                if ("st-fm-1".equals(r.key())) {
                    kafka.send(topic, r.key(), r.value());
                }
            }
        }
        kafka.send(TopicNames.REQUESTS, "st-fm-2", fillMask("st-fm-2")); // a marker behind the replay
        api().until("/api/experiments/st-fm-2", n -> n.path("status").asText().equals("completed"));
        JsonNode again = api().json("/api/experiments/st-fm-1");
        assertEquals(e.toString(), again.toString());

        assertTrue(api().json("/api/experiments?type=fill-mask&status=completed")
                .findValuesAsText("id")
                .contains("st-fm-1"));
        assertTrue(
                api().json("/api/experiments?type=probe").findValuesAsText("id").isEmpty()
                        || !api().json("/api/experiments?type=probe")
                                .findValuesAsText("id")
                                .contains("st-fm-1"));
        assertTrue(api().get("/q/openapi").body().contains("/api/experiments/{id}/steps/{step}/relations"));
    }

    @Test
    void badRequestsGetJsonErrors() throws Exception {
        for (var c : List.of(
                List.of("/api/experiments/no-such-experiment", "404", "not-found"),
                List.of(
                        "/api/experiments/"
                                + URLEncoder.encode("x'; DROP TABLE experiments;--", StandardCharsets.UTF_8)
                                        .replace("+", "%20"),
                        "400",
                        "invalid-id"),
                List.of("/api/experiments/%0Aevil", "400", "invalid-id"),
                List.of("/api/experiments?since=yesterday", "400", "invalid-parameter"),
                List.of("/api/experiments?limit=abc", "400", "invalid-parameter"),
                List.of("/api/experiments?limit=100000", "400", "invalid-parameter"),
                List.of("/api/experiments?status=bogus", "400", "invalid-parameter"),
                List.of("/api/experiments?type=a'%20OR%20'1'='1", "400", "invalid-parameter"),
                List.of("/api/experiments/no-such/steps/x/rows.csv", "404", "not-found"),
                List.of("/api/experiments/no-such/steps/..%2F..%2Fetc/relations", "400", "invalid-id"),
                List.of("/experiments/no-such-experiment", "404", "not-found"))) {
            HttpResponse<String> r = api().get(c.get(0));
            assertEquals(Integer.parseInt(c.get(1)), r.statusCode(), c.get(0) + " → " + r.body());
            JsonNode body = KafkaClient.parse(r.body().getBytes(StandardCharsets.UTF_8));
            assertEquals(c.get(2), body.path("error").asText(), c.get(0));
            assertFalse(body.path("message").asText().contains("DROP TABLE"), r.body());
        }
        assertTrue(api().json("/api/experiments").isArray()); // the table is still there
    }

    @Test
    void aFailedExperimentAlertsOnceWithItsEvidence() throws Exception {
        kafka.send(TopicNames.REQUESTS, "st-bad-1", """
                {"experimentId": "st-bad-1", "seed": 1.5, "steps": [{"id": "p", "type": "probe"}]}""");
        JsonNode e = api().until(
                        "/api/experiments/st-bad-1",
                        n -> n.path("alerts").size() == 1 && n.path("rejected").size() == 1);
        assertEquals("failed", e.path("status").asText());
        JsonNode alert = e.path("alerts").get(0);
        assertEquals("experiment-failed", alert.path("rule").asText());
        assertEquals(
                "schema-violation",
                alert.path("evidence").path("reason").path("code").asText());
        // The request failed twice over (progress and results): still one alert, one event, one POST.
        List<JsonNode> events = kafka.eventsFor(TopicNames.ALERTS, "st-bad-1", Duration.ofSeconds(3));
        assertEquals(1, events.size());
        assertEquals(
                "experiment-failed", events.get(0).path("data").path("rule").asText());
        List<JsonNode> posted = KafkaBrokerResource.alerts.received.stream()
                .filter(p -> p.path("commonLabels").path("experiment").asText().equals("st-bad-1"))
                .toList();
        assertEquals(1, posted.size());
        JsonNode p = posted.get(0);
        assertEquals("4", p.path("version").asText());
        assertEquals("firing", p.path("status").asText());
        assertEquals(
                "experiment-failed",
                p.path("alerts").get(0).path("labels").path("alertname").asText());
        assertTrue(p.path("alerts").get(0).path("startsAt").asText().matches("\\d{4}-.*Z"));
        assertTrue(p.path("alerts")
                .get(0)
                .path("annotations")
                .path("evidence")
                .asText()
                .contains("schema-violation"));
    }

    @Test
    void reportAndLivePageDrawTheirData() throws Exception {
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            chromium.open(base.toString());
            chromium.waitFor("document.getElementById('feed').textContent === 'live'", TIMEOUT);
            // Published while the page is open: the row appears and moves to completed without a reload.
            kafka.send(TopicNames.REQUESTS, "st-live-1", fillMask("st-live-1"));
            chromium.waitFor(
                    "!!document.querySelector(\"tr[data-experiment='st-live-1'][data-status='completed']\")", TIMEOUT);
            assertTrue(
                    chromium.eval("Number(document.querySelector(\"tr[data-experiment='st-live-1']\").dataset.events)")
                                    .asInt()
                            >= 4);
            chromium.screenshot(Path.of("target/screenshots/live-page.png"));

            // An interventions experiment as the worker reports one, through the broker into the store.
            publish(StoreFixtures.experiments("st-report"));
            api().until("/api/experiments/st-report-a", n -> n.path("results").has("final"));
            chromium.open(base + "experiments/st-report-a");
            JsonNode p36 = chromium.eval("[...document.querySelectorAll(\"rect.bar[data-label='P36']\")]"
                    + ".map(r => Number(r.dataset.value))");
            assertTrue(p36.toString().contains("-31"), p36.toString()); // own · suppress, −31%
            assertEquals(
                    "[[-40,-22]]",
                    chromium.eval("[...document.querySelectorAll(\"line.ci[data-label='P36']\")]"
                                    + ".map(l => [Number(l.dataset.low), Number(l.dataset.high)])")
                            .toString()); // its CI's whisker
            assertTrue(chromium.eval("document.querySelectorAll('rect.control').length")
                            .asInt()
                    >= 3);
            assertEquals(
                    1,
                    chromium.eval("document.querySelectorAll('circle.point').length")
                            .asInt()); // dropout
            assertEquals(
                    12,
                    chromium.eval("document.querySelectorAll(\"section[data-type='knowledge-neurons'] "
                                    + "rect.bar\").length")
                            .asInt()); // layer histogram
            assertTrue(chromium.eval("document.querySelectorAll('svg.chart').length")
                            .asInt()
                    >= 4);
            chromium.screenshot(Path.of("target/screenshots/report-interventions.png"));

            // The live page's alerts, one row per experiment and rule counting its subjects, as the store has them.
            chromium.open(base.toString());
            chromium.waitFor("document.getElementById('feed').textContent === 'live'", TIMEOUT);
            kafka.send(TopicNames.REQUESTS, "st-live-bad", """
                    {"experimentId": "st-live-bad", "seed": 1.5, "steps": [{"id": "p", "type": "probe"}]}""");
            chromium.waitFor(
                    "!!document.querySelector(\"#alerts tr[data-experiment='st-live-bad'][data-rule='experiment-failed']\")",
                    TIMEOUT);
            Map<String, Integer> expected = new TreeMap<>();
            api().json("/api/alerts?limit=200")
                    .forEach(a -> expected.merge(
                            a.path("experimentId").asText() + " "
                                    + a.path("rule").asText(),
                            1,
                            Integer::sum));
            Map<String, Integer> shown = new TreeMap<>();
            chromium.eval("[...document.querySelectorAll('#alerts tbody tr')]"
                            + ".map(r => [r.dataset.experiment + ' ' + r.dataset.rule, Number(r.dataset.count)])")
                    .forEach(g -> shown.put(g.get(0).asText(), g.get(1).asInt()));
            assertEquals(expected, shown);
            chromium.screenshot(Path.of("target/screenshots/live-page-alerts.png"));
        }
        Path file = KafkaBrokerResource.dataDir.resolve("results/st-report-a/report.html");
        assertTrue(Files.exists(file), file.toString());
        String html = Files.readString(file);
        assertFalse(html.contains("<script") || html.contains("src="), "the report is self-contained");
        assertEquals(
                200, api().get("/api/experiments/st-report-a/steps/iv/rows.csv").statusCode());
        assertTrue(api().get("/api/experiments/st-report-a/steps/iv/rows.csv")
                .body()
                .startsWith("fact.uuid,fact.relation"));
    }

    @Test
    void compareMethodsReportTablesEachMethodAndDrawsItsEffectAgainstK() throws Exception {
        JsonNode output = KafkaClient.parse(StoreApiTest.class
                .getResourceAsStream("/org/knlab/schemas/examples/output-compare-methods.json")
                .readAllBytes());
        assertEquals(List.of(), new MessageValidator().validate("steps/compare-methods.output.schema.json", output));
        publish(StoreFixtures.oneStep("st-compare", "compare", "compare-methods", output));
        api().until("/api/experiments/st-compare", n -> n.path("results").has("final"));

        Map<String, List<Long>> expected = new TreeMap<>(); // per method, its grid's effects (%, one decimal)
        for (JsonNode r : output.path("methods")) {
            if (!r.path("size").asText().equals("kn")) {
                expected.computeIfAbsent(r.path("method").asText(), m -> new ArrayList<>())
                        .add(Math.round(
                                1000 * r.path("heldOut").path("ratioOfMeans").asDouble()));
            }
        }
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            chromium.open(base + "experiments/st-compare");
            String section = "section[data-type='compare-methods'] ";
            assertEquals(
                    1 + expected.size(),
                    chromium.eval("document.querySelectorAll(\"" + section + "table.methods tr\").length")
                            .asInt()); // header and one row per method
            for (var method : expected.entrySet()) {
                JsonNode points = chromium.eval(
                        "[...document.querySelectorAll(\"" + section + "circle.point[data-series='" + method.getKey()
                                + "']\")].map(c => [Math.round(10 * c.dataset.value), c.dataset.low, c.dataset.high])");
                assertEquals(
                        method.getValue(),
                        Csv.list(points).stream().map(p -> p.get(0).asLong()).toList(),
                        method.getKey() + ": " + points);
                points.forEach(p -> assertTrue(
                        !p.get(1).asText().equals("NaN") && !p.get(2).asText().equals("NaN"), "a CI whisker: " + p));
            }
            chromium.screenshot(Path.of("target/screenshots/report-compare-methods.png"));
        }
    }
}
