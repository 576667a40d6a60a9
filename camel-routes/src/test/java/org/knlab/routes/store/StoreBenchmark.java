package org.knlab.routes.store;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * How many events per second the store writes: a burst of whole experiments (about 18 records each,
 * as the worker publishes them), one transaction per record as the store route does. Prints, does not
 * judge (the machine decides the number). Run on its own: {@code main [experiments]} stores into a
 * fresh H2 and a fresh PostgreSQL.
 */
public final class StoreBenchmark {

    private StoreBenchmark() {}

    static double run(DataSource db, int experiments) {
        List<StoreFixtures.Item> items = new ArrayList<>();
        for (int i = 0; i < experiments; i++) {
            items.addAll(StoreFixtures.experiments("bench" + i));
        }
        StoreWriter w = new StoreWriter(db);
        long start = System.nanoTime();
        items.forEach(i -> i.storeIn(w));
        double seconds = (System.nanoTime() - start) / 1e9;
        double perSecond = items.size() / seconds;
        String kind;
        try (var c = db.getConnection()) {
            kind = c.getMetaData().getDatabaseProductName();
        } catch (java.sql.SQLException e) {
            kind = "?";
        }
        System.out.printf(
                "store benchmark: %s stored %d records in %.2f s: %.0f records/s%n",
                kind, items.size(), seconds, perSecond);
        return perSecond;
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        run(StoreFixtures.h2(StoreFixtures.tempDir()), n);
        try (PostgresServer pg = PostgresServer.start()) {
            run(StoreFixtures.migrated(pg.dataSource()), n);
        }
    }
}
