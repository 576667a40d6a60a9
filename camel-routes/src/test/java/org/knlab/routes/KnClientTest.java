package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.client.Kn;

/** The kn client's Kafka commands (deploy/kn-client) against the platform on the real broker. */
@QuarkusTest
class KnClientTest extends PlatformTestBase {

    @TempDir
    Path tmp;

    @Test
    void submitThenWatchUntilTheResult() throws Exception {
        Path request = Files.writeString(tmp.resolve("request.json"), """
                {"experimentId": "cli-1", "facts": {"prompts": [{"text": "Baku is the capital of [MASK].", "gold": "Azerbaijan"}]},
                 "steps": [{"id": "predict", "type": "fill-mask"}]}""");
        String brokers = KafkaBrokerResource.broker.bootstrapServers();
        assertEquals(0, Kn.commandLine().execute("submit", "--brokers", brokers, request.toString()));
        assertEquals(0, Kn.commandLine().execute("watch", "--brokers", brokers, "--timeout", "120", "cli-1"),
                "watch ends with 0 only after completed and result");

        Path bad = Files.writeString(tmp.resolve("bad.json"), """
                {"experimentId": "cli-bad", "steps": [{"id": "s", "type": "teleport"}]}""");
        assertEquals(0, Kn.commandLine().execute("submit", "--brokers", brokers, bad.toString()));
        assertEquals(1, Kn.commandLine().execute("watch", "--brokers", brokers, "--timeout", "120", "cli-bad"),
                "and with 1 once the experiment failed");
    }
}
