package org.knlab.routes.store;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Quarkus fixes each datasource's db-kind at build time, so kn-lab builds two (h2, pg) and picks one
 * at run time: PostgreSQL when {@code KN_DB_URL} (or {@code quarkus.datasource.pg.jdbc.url}) is set,
 * which then deactivates H2 (no embedded file, no migration there). An explicit
 * {@code quarkus.datasource.h2.active} elsewhere wins (this source's ordinal is low).
 */
public class DatabaseChoice implements ConfigSource {

    static final String H2_ACTIVE = "quarkus.datasource.h2.active";

    /** True when the PostgreSQL datasource is configured. */
    public static boolean postgres() {
        String env = System.getenv("KN_DB_URL");
        String property = System.getProperty("quarkus.datasource.pg.jdbc.url");
        return env != null && !env.isBlank() || property != null && !property.isBlank();
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(H2_ACTIVE, String.valueOf(!postgres()));
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(H2_ACTIVE);
    }

    @Override
    public String getValue(String name) {
        return H2_ACTIVE.equals(name) ? String.valueOf(!postgres()) : null;
    }

    @Override
    public String getName() {
        return "kn-lab database choice";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }
}
