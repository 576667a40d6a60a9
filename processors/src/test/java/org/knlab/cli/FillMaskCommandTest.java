package org.knlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The kn fill-mask command as a script would use it: JSON lines on stdout. */
class FillMaskCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void printsOneJsonObjectPerTextIncludingFileInput() throws Exception {
        Path input =
                Files.writeString(tmp.resolve("texts.txt"), "The capital of France is [MASK].\tParis\nno mask here\n");
        StringWriter out = new StringWriter();
        CommandLine cli = KnCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter()));
        int exit = cli.execute(
                "fill-mask",
                "--jsonl",
                "--top",
                "3",
                "--gold",
                "Azerbaijan",
                "--input",
                input.toString(),
                "Baku is the capital of [MASK].");
        String[] lines = out.toString().strip().split("\n");
        assertEquals(3, lines.length, out.toString());
        assertEquals(1, exit, "one text failed, so the exit code says so");

        JsonNode baku = JSON.readTree(lines[0]);
        assertEquals("bert-base-cased", baku.path("model").asText());
        assertTrue(baku.path("modelSha256").asText().matches("[0-9a-f]{64}"));
        assertEquals("[CLS]", baku.path("tokens").get(0).asText());
        JsonNode mask = baku.path("masks").get(0);
        assertEquals(6, mask.path("position").asInt());
        assertEquals(3, mask.path("predictions").size());
        assertEquals("Azerbaijan", mask.path("predictions").get(0).path("token").asText());
        assertEquals(1, mask.path("gold").path("rank").asInt());

        JsonNode paris = JSON.readTree(lines[1]).path("masks").get(0);
        assertEquals("Paris", paris.path("gold").path("token").asText());
        assertEquals(0.445, paris.path("gold").path("probability").asDouble(), 0.005);

        JsonNode error = JSON.readTree(lines[2]);
        assertEquals("invalid-input", error.path("error").path("code").asText());
    }
}
