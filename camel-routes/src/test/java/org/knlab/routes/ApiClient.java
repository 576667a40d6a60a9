package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/** The running application's HTTP API, as a user's client sees it. */
final class ApiClient {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI base;

    ApiClient(URL base) {
        this.base = URI.create(base.toString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return KafkaClient.parse(r.body().getBytes(StandardCharsets.UTF_8));
    }

    /** Polls until the answer satisfies the condition. */
    JsonNode until(String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(path);
            if (r.statusCode() == 200) {
                JsonNode n = KafkaClient.parse(r.body().getBytes(StandardCharsets.UTF_8));
                if (done.test(n)) {
                    return n;
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("never true: " + path + " → " + get(path).body());
    }
}
