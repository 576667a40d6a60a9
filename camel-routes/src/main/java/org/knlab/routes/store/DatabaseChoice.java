package org.knlab.routes.store;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Quarkus fixes each datasource's db-kind at build time, so kn-lab builds two (h2, pg) and picks one
 * at run time: PostgreSQL when {@code quarkus.datasource.pg.jdbc.url} is set — by {@code KN_DB_URL}
 * from any config source (environment, system property, .env, a test resource) through
 * application.properties' {@code ${KN_DB_URL:}}, or directly — which then deactivates H2 (no
 * embedded file, no migration there). An explicit {@code quarkus.datasource.h2.active} elsewhere
 * wins (this source's ordinal is low).
 */
public class DatabaseChoice implements ConfigSourceFactory {

    static final String H2_ACTIVE = "quarkus.datasource.h2.active";
    static final String PG_URL = "quarkus.datasource.pg.jdbc.url";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue url = context.getValue(PG_URL);
        boolean postgres =
                url != null && url.getValue() != null && !url.getValue().isBlank();
        return List.of(
                new PropertiesConfigSource(Map.of(H2_ACTIVE, String.valueOf(!postgres)), "kn-lab database choice", 50));
    }
}
