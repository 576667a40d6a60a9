package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.knlab.routes.alerts.AlertRules;
import org.knlab.routes.alerts.AlertService;
import org.knlab.schemas.TopicNames;

/**
 * The queue rules on the real broker and store: a stalled intake (its route stopped, as an operator
 * or a crash would) falls behind on kn.experiments.requests, and the bad requests waiting there end
 * up on the DLQ once it runs again. Each rule fires once, with its evidence, as an event and a POST.
 */
@QuarkusTest
@TestProfile(PostgresStoreProfile.class)
@Tag(PostgresStoreProfile.TAG)
class OperationalAlertsTest extends PlatformTestBase {

    static final int BAD_REQUESTS = 8;

    @Inject
    CamelContext camel;

    @Inject
    AlertService alerts;

    @Test
    void aStalledIntakeRaisesOneLagAlertAndItsDeadLettersOneDlqRateAlert() throws Exception {
        ApiClient api = new ApiClient(base);
        camel.getRouteController().stopRoute("requests");
        try {
            for (int i = 0; i < BAD_REQUESTS; i++) {
                kafka.send(TopicNames.REQUESTS, "ops-bad-" + i, """
                        {"experimentId": "ops-bad-%d", "seed": 1.5, "steps": [{"id": "p", "type": "probe"}]}""".formatted(i));
            }
            JsonNode lag = alert(api, AlertRules.LAG);
            assertEquals("kn-intake", lag.path("evidence").path("group").asText(), lag.toString());
            assertEquals(TopicNames.REQUESTS, lag.path("evidence").path("topic").asText(), lag.toString());
            double behind = lag.path("evidence").path("lag").asDouble();
            assertTrue(behind > PostgresStoreProfile.MAX_LAG && behind <= BAD_REQUESTS, lag.toString());
            assertEquals(
                    PostgresStoreProfile.MAX_LAG,
                    lag.path("evidence").path("bound").asInt());
            alerts.checkLag(); // the intake is still behind: evaluated again, nothing new
        } finally {
            camel.getRouteController().startRoute("requests");
        }
        for (int i = 0; i < BAD_REQUESTS; i++) {
            api.until("/api/experiments/ops-bad-" + i, n -> n.path("rejected").size() == 1);
        }
        JsonNode dlq = alert(api, AlertRules.DLQ_RATE);
        assertEquals(
                PostgresStoreProfile.DLQ_MAX + 1,
                dlq.path("evidence").path("deadLetters").asInt(),
                dlq.toString());
        assertEquals(
                PostgresStoreProfile.DLQ_MAX, dlq.path("evidence").path("bound").asInt());

        List<String> rules = api.json("/api/alerts?limit=100").findValuesAsText("rule");
        List<JsonNode> events = kafka.eventsFor(TopicNames.ALERTS, "kn-lab", Duration.ofSeconds(3));
        for (String rule : List.of(AlertRules.LAG, AlertRules.DLQ_RATE)) {
            assertEquals(1, rules.stream().filter(rule::equals).count(), rule + " in the store: " + rules);
            assertEquals(
                    1,
                    events.stream()
                            .filter(e -> e.path("data").path("rule").asText().equals(rule))
                            .count(),
                    rule + " events: " + events);
            List<JsonNode> posted = KafkaBrokerResource.alerts.received.stream()
                    .filter(p ->
                            p.path("commonLabels").path("alertname").asText().equals(rule))
                    .toList();
            assertEquals(1, posted.size(), rule + " POSTs: " + posted);
            assertTrue(
                    posted.get(0)
                            .path("alerts")
                            .get(0)
                            .path("annotations")
                            .path("evidence")
                            .asText()
                            .contains("\"bound\":5"),
                    posted.toString());
        }
    }

    private static JsonNode alert(ApiClient api, String rule) throws Exception {
        JsonNode all = api.until(
                "/api/alerts?limit=100", a -> a.findValuesAsText("rule").contains(rule));
        for (JsonNode a : all) {
            if (a.path("rule").asText().equals(rule)) {
                return a;
            }
        }
        throw new AssertionError(rule);
    }
}
