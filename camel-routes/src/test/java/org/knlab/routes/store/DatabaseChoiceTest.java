package org.knlab.routes.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The store's database choice on the application's own properties: H2 without a PostgreSQL URL;
 * PostgreSQL when KN_DB_URL comes from the environment or from any other config source; an explicit
 * quarkus.datasource.h2.active wins.
 */
class DatabaseChoiceTest {

    static final String URL = "jdbc:postgresql://db:5432/kn";

    static boolean h2Active(Map<String, String> env, Map<String, String> properties) throws Exception {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(
                        DatabaseChoiceTest.class.getResource("/application.properties"), 250))
                .withSources(new EnvConfigSource(env, 300))
                .withSources(new PropertiesConfigSource(properties, "test overrides", 400))
                .withSources(new DatabaseChoice())
                .build();
        return config.getValue(DatabaseChoice.H2_ACTIVE, Boolean.class);
    }

    @Test
    void embeddedH2WithoutAPostgresUrl() throws Exception {
        assertEquals(true, h2Active(Map.of(), Map.of()));
        assertEquals(true, h2Active(Map.of("KN_DB_URL", ""), Map.of()));
    }

    @Test
    void postgresWhenKnDbUrlIsAnEnvironmentVariableOrAConfigProperty() throws Exception {
        assertEquals(false, h2Active(Map.of("KN_DB_URL", URL), Map.of()));
        assertEquals(false, h2Active(Map.of(), Map.of("KN_DB_URL", URL)));
        assertEquals(false, h2Active(Map.of(), Map.of(DatabaseChoice.PG_URL, URL)));
    }

    @Test
    void anExplicitChoiceWins() throws Exception {
        assertEquals(true, h2Active(Map.of("KN_DB_URL", URL), Map.of(DatabaseChoice.H2_ACTIVE, "true")));
    }
}
