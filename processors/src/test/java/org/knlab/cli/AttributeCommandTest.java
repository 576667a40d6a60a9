package org.knlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** kn attribute as a script would call it, and how it reports a user error. */
class AttributeCommandTest {

    @Test
    void printsTopNeuronsAndCompletenessGapsAsJson() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = KnCli.commandLine().setOut(new PrintWriter(out));
        int exit = cli.execute(
                "attribute",
                "--jsonl",
                "--mode",
                "fast",
                "--steps",
                "2",
                "--top",
                "4",
                "--gold",
                "Azerbaijan",
                "Baku is the capital of [MASK].");
        assertEquals(0, exit, out.toString());
        JsonNode r = new ObjectMapper().readTree(out.toString().strip());
        assertEquals(4, r.path("top").size());
        assertEquals(12, r.path("completenessGap").size());
        assertEquals("gauss-legendre", r.path("options").path("quadrature").asText());
        assertEquals(0.9695, r.path("goldProbability").asDouble(), 1e-3);
    }

    @Test
    void aMultiTokenGoldIsOneLineOnStderrAndExitCodeOne() {
        StringWriter err = new StringWriter();
        CommandLine cli =
                KnCli.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err));
        int exit = cli.execute("attribute", "--gold", "Azerbaijanistan", "Baku is the capital of [MASK].");
        assertEquals(1, exit);
        assertTrue(err.toString().startsWith("error (invalid-input): gold 'Azerbaijanistan'"), err.toString());
    }
}
