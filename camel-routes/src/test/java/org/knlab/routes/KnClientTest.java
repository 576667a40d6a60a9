package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.client.Kn;
import org.knlab.routes.store.StoreFixtures;

/** The kn client's commands (deploy/kn-client) against the platform on the real broker and its API. */
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
        assertEquals(
                0,
                Kn.commandLine().execute("watch", "--brokers", brokers, "--timeout", "120", "cli-1"),
                "watch ends with 0 only after completed and result");

        Path bad = Files.writeString(tmp.resolve("bad.json"), """
                {"experimentId": "cli-bad", "steps": [{"id": "s", "type": "teleport"}]}""");
        assertEquals(0, Kn.commandLine().execute("submit", "--brokers", brokers, bad.toString()));
        assertEquals(
                1,
                Kn.commandLine().execute("watch", "--brokers", brokers, "--timeout", "120", "cli-bad"),
                "and with 1 once the experiment failed");
    }

    @Test
    void resultsPrintsTheListTheExperimentAndAStepsTableAsMarkdownAndCsv() throws Exception {
        publish(StoreFixtures.experiments("cli-res"));
        new ApiClient(base)
                .until("/api/experiments/cli-res-a", n -> n.path("results").has("final"));

        String list = results("--type", "interventions");
        assertTrue(list.lines().anyMatch(l -> l.startsWith("cli-res-a ") && l.contains("completed")), list);
        assertTrue(results("cli-res-a").contains("\"id\" : \"cli-res-a\""));
        String markdown = results("cli-res-a", "--step", "iv", "--markdown");
        assertTrue(markdown.startsWith("| relation | evaluation | intervention | facts | ratioOfMeans |"), markdown);
        assertTrue(markdown.contains("\n| P36 | own | suppress | 3 | -0.3100 |"), markdown);
        String csv = results("cli-res-a", "--step", "iv", "--csv");
        assertTrue(csv.startsWith("fact.uuid,fact.relation,ratio"), csv);
        assertEquals(4, csv.lines().count(), csv); // header and three facts
    }

    /** kn results against the running app's API; its exit code 0 and its standard output. */
    private String results(String... args) {
        StringWriter out = new StringWriter();
        List<String> command =
                new ArrayList<>(List.of("results", "--api", base.toString().replaceAll("/$", "")));
        command.addAll(List.of(args));
        assertEquals(
                0,
                Kn.commandLine().setOut(new PrintWriter(out)).execute(command.toArray(String[]::new)),
                out.toString());
        return out.toString();
    }
}
