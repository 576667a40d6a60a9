package org.knlab.routes;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Starts the in-process broker before the application and points the application at it. */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    static KafkaBroker broker;
    /** Receives the store's alerts (kn.alerts.webhook-url). */
    static AlertReceiver alerts;
    /** The embedded store database and the reports: fresh per run, under target/. */
    static Path dataDir;

    @Override
    public synchronized Map<String, String> start() {
        if (broker == null) {
            broker = KafkaBroker.start();
            alerts = new AlertReceiver();
            try {
                dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "kn-data-")
                        .toAbsolutePath();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return Map.of(
                "camel.component.kafka.brokers",
                broker.bootstrapServers(),
                "kafka.bootstrap.servers",
                broker.bootstrapServers(),
                "kn.limits.max-prompts",
                "400",
                "kn.data-dir",
                dataDir.toString(),
                "kn.results-dir",
                dataDir.resolve("results").toString(),
                "kn.alerts.webhook-url",
                alerts.url());
    }

    @Override
    public synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
            alerts.close();
        }
    }
}
