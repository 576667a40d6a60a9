package org.knlab.routes;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.knlab.routes.store.PostgresServer;

/**
 * A real PostgreSQL server for the application, named to it as an operator does: KN_DB_URL,
 * KN_DB_USER, KN_DB_PASSWORD — here as configuration properties rather than environment variables.
 */
public class PostgresStoreResource implements QuarkusTestResourceLifecycleManager {

    static PostgresServer server;

    @Override
    public synchronized Map<String, String> start() {
        server = PostgresServer.start();
        return Map.of("KN_DB_URL", server.jdbcUrl(), "KN_DB_USER", "kn", "KN_DB_PASSWORD", "");
    }

    @Override
    public synchronized void stop() {
        server.close();
        server = null;
    }
}
