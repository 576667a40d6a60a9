package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.knlab.schemas.TopicNames;

/** The running application stores in PostgreSQL when configuration names a server, and nothing in H2. */
@QuarkusTest
@TestProfile(PostgresStoreProfile.class)
@Tag(PostgresStoreProfile.TAG)
class StoreOnPostgresTest extends PlatformTestBase {

    @TestHTTPResource("/")
    URL base;

    @Test
    void anExperimentLandsInThePostgresServerAndTheApiAnswersFromIt() throws Exception {
        ApiClient api = new ApiClient(base);
        kafka.send(TopicNames.REQUESTS, "pg-fm-1", StoreApiTest.fillMask("pg-fm-1"));
        JsonNode e =
                api.until("/api/experiments/pg-fm-1", n -> n.path("results").has("final"));
        assertEquals("completed", e.path("status").asText());

        try (Connection c = PostgresStoreResource.server.dataSource().getConnection()) {
            assertEquals(
                    List.of("pg-fm-1|completed|fill-mask"),
                    column(
                            c,
                            "SELECT id || '|' || status || '|' || workflow_type FROM experiments WHERE id = ?",
                            "pg-fm-1"));
            assertEquals(
                    List.of("predict"),
                    column(
                            c,
                            "SELECT step_id FROM results WHERE experiment_id = ? AND step_type = 'fill-mask'",
                            "pg-fm-1"));
            List<String> events = column(c, "SELECT type FROM events WHERE experiment_id = ?", "pg-fm-1");
            assertTrue(events.contains("result") && events.size() >= 5, events.toString());
            assertEquals(
                    column(c, "SELECT id FROM experiments ORDER BY id"),
                    api.json("/api/experiments").findValuesAsText("id").stream()
                            .sorted()
                            .toList(),
                    "the API lists what the PostgreSQL server holds");
        }
        assertFalse(Files.exists(KafkaBrokerResource.dataDir.resolve("store")), "no embedded H2 database was created");
    }

    private static List<String> column(Connection c, String sql, String... args) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setString(i + 1, args[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }
}
