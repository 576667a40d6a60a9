package org.knlab.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** deploy/kn is the one launcher: its help lists the science commands and the platform's clients. */
class KnTest {

    @Test
    void helpListsEveryCommand() {
        StringWriter out = new StringWriter();
        CommandLine kn = Kn.commandLine().setOut(new PrintWriter(out));
        assertEquals(0, kn.execute("--help"));
        for (String command : List.of(
                "fill-mask",
                "attribute",
                "knowledge-neurons",
                "interventions",
                "replicate-kn-figures",
                "submit",
                "watch",
                "bench-platform")) {
            assertTrue(out.toString().contains("  " + command + " "), command + " in\n" + out);
        }
    }
}
