package org.knlab.routes;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts the in-process broker before the application and points the application at it. */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    static KafkaBroker broker;

    @Override
    public synchronized Map<String, String> start() {
        if (broker == null) {
            broker = KafkaBroker.start();
        }
        return Map.of("camel.component.kafka.brokers", broker.bootstrapServers(),
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "kn.limits.max-prompts", "400");
    }

    @Override
    public synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
