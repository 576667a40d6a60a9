package org.knlab.routes.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The store's database: the PostgreSQL datasource when its URL is configured, else the embedded H2
 * one (see {@link DatabaseChoice}); Flyway has migrated whichever is active at start-up.
 */
@ApplicationScoped
public class StoreDatabase {

    private javax.sql.DataSource chosen;

    /** "pg" or "h2". */
    public static String name() {
        return ConfigProvider.getConfig()
                        .getOptionalValue("quarkus.datasource.pg.jdbc.url", String.class)
                        .filter(s -> !s.isBlank())
                        .isPresent()
                ? "pg"
                : "h2";
    }

    synchronized javax.sql.DataSource dataSource() {
        if (chosen == null) {
            chosen = Arc.container()
                    .select(AgroalDataSource.class, new DataSource.DataSourceLiteral(name()))
                    .get();
        }
        return chosen;
    }

    @Produces
    @Singleton
    StoreWriter writer() {
        return new StoreWriter(dataSource());
    }

    @Produces
    @Singleton
    StoreQueries queries() {
        return new StoreQueries(dataSource());
    }
}
