package org.knlab.routes;

import io.quarkus.test.common.QuarkusTestResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The broker for @QuarkusTest classes, and a client of it acting as the user. */
@QuarkusTestResource(KafkaBrokerResource.class)
abstract class PlatformTestBase {

    static KafkaClient kafka;

    @BeforeAll
    static void connect() {
        kafka = new KafkaClient(KafkaBrokerResource.broker.bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }
}
