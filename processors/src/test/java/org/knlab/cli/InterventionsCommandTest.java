package org.knlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** kn interventions end to end on one fact, and an unknown intervention as a one-line error. */
class InterventionsCommandTest {

    @Test
    void printsOneRowPerEvaluationAndInterventionAndThePerplexityTable() {
        StringWriter out = new StringWriter();
        CommandLine cli = KnCli.commandLine().setOut(new PrintWriter(out));
        int exit = cli.execute("interventions", "--relations", "P103", "--facts-per-relation", "1", "--mode", "fast",
                "--steps", "1", "--interventions", "suppress,zero-slot", "--evaluate", "own,held-out", "--controls", "3",
                "--perplexity-sentences", "1", "--perplexity-controls", "2");
        assertEquals(0, exit, out.toString());
        String table = out.toString();
        for (String row : new String[] {"| own | suppress |", "| own | zero-slot |", "| held-out | suppress |",
            "| held-out | zero-slot |", "| suppress |", "| zero-slot |"}) {
            assertTrue(table.contains(row), row + " in\n" + table);
        }
    }

    @Test
    void anUnknownInterventionIsAnError() {
        StringWriter err = new StringWriter();
        CommandLine cli = KnCli.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err));
        int exit = cli.execute("interventions", "--relations", "P103", "--facts-per-relation", "1", "--mode", "fast",
                "--steps", "1", "--interventions", "lobotomy");
        assertEquals(1, exit);
        assertTrue(err.toString().startsWith("error (invalid-parameter): unknown intervention 'lobotomy'"), err.toString());
    }
}
