package org.knlab.routes;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.knlab.routes.store.StoreFixtures;

/** The broker for @QuarkusTest classes, and a client of it acting as the user. */
@QuarkusTestResource(KafkaBrokerResource.class)
abstract class PlatformTestBase {

    static KafkaClient kafka;

    /** The application's web root (API, reports, live page). */
    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void connect() {
        kafka = new KafkaClient(KafkaBrokerResource.broker.bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    /** Store fixtures (CloudEvents, row chunks) through the broker, as the worker publishes them. */
    static void publish(List<StoreFixtures.Item> items) {
        for (StoreFixtures.Item i : items) {
            if (i.value() != null) {
                kafka.send(
                        i.topic(),
                        i.value()
                                .path("subject")
                                .asText(i.value().path("experimentId").asText()),
                        i.value().toString());
            }
        }
    }
}
