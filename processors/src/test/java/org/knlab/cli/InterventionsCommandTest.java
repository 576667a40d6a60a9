package org.knlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import picocli.CommandLine;

/** kn interventions end to end on one fact, and an unknown intervention as a one-line error. */
class InterventionsCommandTest {

    @Test
    void printsOneRowPerEvaluationAndInterventionAndThePerplexityTable() {
        StringWriter out = new StringWriter();
        CommandLine cli = KnCli.commandLine().setOut(new PrintWriter(out));
        int exit = cli.execute(
                "interventions",
                "--relations",
                "P103",
                "--facts-per-relation",
                "1",
                "--mode",
                "fast",
                "--steps",
                "1",
                "--held-out",
                "0.25",
                "--interventions",
                "suppress,zero-slot",
                "--evaluate",
                "own,held-out",
                "--controls",
                "3",
                "--perplexity-sentences",
                "1",
                "--perplexity-controls",
                "2");
        assertEquals(0, exit, out.toString());
        String table = out.toString();
        for (String row : new String[] {
            "| own | suppress |",
            "| own | zero-slot |",
            "| held-out | suppress |",
            "| held-out | zero-slot |",
            "| suppress |",
            "| zero-slot |"
        }) {
            assertTrue(table.contains(row), row + " in\n" + table);
        }
    }

    @Test
    void anUnknownInterventionIsAnError() {
        StringWriter err = new StringWriter();
        CommandLine cli =
                KnCli.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err));
        int exit = cli.execute(
                "interventions",
                "--relations",
                "P103",
                "--facts-per-relation",
                "1",
                "--mode",
                "fast",
                "--steps",
                "1",
                "--interventions",
                "lobotomy");
        assertEquals(1, exit);
        assertTrue(
                err.toString()
                        .startsWith("error (invalid-parameter): --interventions: unknown intervention 'lobotomy'"),
                err.toString());
    }

    @Test
    /** Imported sets have no held-out split: the default evaluation sets leave held-out out, with a warning. */
    void actsOnNeuronSetsInEleutherAisFormatWithTheDefaultsAndWarnsOfWhatTheyCannotServe(@TempDir Path dir)
            throws Exception {
        ParaRel pararel = ParaRel.load();
        Fact fact = pararel.facts("P103").get(0);
        Path file = dir.resolve("eleuther.json");
        Files.writeString(file, "{\"" + fact.uuid() + "\": [[9, 2048], [10, 77]], \"not-in-kn-lab\": [[0, 0]]}");
        StringWriter out = new StringWriter();
        int exit = KnCli.commandLine()
                .setOut(new PrintWriter(out))
                .execute(
                        "interventions",
                        "--neurons",
                        file.toString(),
                        "--interventions",
                        "suppress",
                        "--controls",
                        "2",
                        "--perplexity-sentences",
                        "0",
                        "--bootstrap",
                        "10",
                        "--no-gradient-controls");
        assertEquals(0, exit, out.toString());
        assertTrue(
                out.toString().contains("found on bert-base-uncased but this experiment runs bert-base-cased"),
                out.toString());
        assertTrue(out.toString().contains("1 fact(s) of the neuron sets are not in kn-lab's ParaRel"), out.toString());
        assertTrue(out.toString().contains("1 facts, seed 0, neurons eleutherai"), out.toString());
        assertTrue(
                out.toString()
                        .contains("warning: the held-out evaluation was left out of the default evaluation" + " sets"),
                out.toString());
        for (String row : new String[] {
            "| own | suppress |",
            "| same-relation | suppress |",
            "| other-relation | suppress |",
            "| same-gold | suppress |"
        }) {
            assertTrue(out.toString().contains(row), row + " in\n" + out);
        }
        assertTrue(!out.toString().contains("| held-out |"), out.toString());

        StringWriter err = new StringWriter();
        exit = KnCli.commandLine()
                .setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(err))
                .execute("interventions", "--neurons", file.toString(), "--evaluate", "held-out");
        assertEquals(1, exit);
        assertTrue(
                err.toString().contains("held-out evaluation needs neuron sets with a held-out split"), err.toString());
    }
}
