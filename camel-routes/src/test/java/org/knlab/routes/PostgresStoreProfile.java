package org.knlab.routes;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * A fresh platform (its own application start, broker and store) whose store is a real PostgreSQL
 * server, with low operational alert bounds: the consumer-lag and DLQ-rate alerts fire once per
 * queue and hour or per window, so their tests need a store no other test has written to.
 * Its tests carry {@link #TAG} and run in a JVM of their own (camel-routes/pom.xml, surefire execution
 * postgres-store): a second application start in one JVM cannot load PyTorch's native library again.
 */
public class PostgresStoreProfile implements QuarkusTestProfile {

    static final String TAG = "postgres-store";

    static final int MAX_LAG = 5;
    static final int DLQ_MAX = 5;

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresStoreResource.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "kn.alerts.max-lag",
                String.valueOf(MAX_LAG),
                "kn.alerts.lag-check-interval",
                "PT1S",
                "kn.alerts.dlq-max",
                String.valueOf(DLQ_MAX),
                "kn.alerts.dlq-window",
                "P1D");
    }
}
