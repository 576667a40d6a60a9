package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Health and metrics as an operator sees them. */
@QuarkusTest
class OperationsTest extends PlatformTestBase {

    @TestHTTPResource("/q/health/ready")
    URI ready;

    @TestHTTPResource("/q/metrics")
    URI metrics;

    private static String get(URI uri) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    @Test
    void readyMeansModelLoadedAndKafkaAnswering() throws Exception {
        JsonNode health = Json.MAPPER.readTree(get(ready));
        assertEquals("UP", health.path("status").asText(), health.toString());
        JsonNode kn = null;
        for (JsonNode check : health.path("checks")) {
            if (check.path("name").asText().equals("kn-lab")) {
                kn = check;
            }
        }
        assertTrue(kn != null && kn.path("data").path("modelLoaded").asBoolean(), health.toString());
    }

    @Test
    void experimentsStepDurationsAndQueueLagAreMetered() throws Exception {
        kafka.send(PlatformTest.REQUESTS, "ops-1", """
                {"experimentId": "ops-1", "facts": {"prompts": [{"text": "Baku is the capital of [MASK]."}]},
                 "steps": [{"id": "predict", "type": "fill-mask"}]}""");
        kafka.eventsUntil(PlatformTest.RESULTS, "ops-1", "org.knlab.experiment.result", Duration.ofSeconds(120));
        String text = get(metrics);
        assertTrue(text.contains("kn_experiments_total{outcome=\"completed\",type=\"fill-mask\"}"), text);
        assertTrue(text.contains("kn_step_duration_seconds_count{type=\"fill-mask\"}"), text);
        assertTrue(text.contains("kn_queue_lag{queue=\"steps\"}"), text);
    }
}
