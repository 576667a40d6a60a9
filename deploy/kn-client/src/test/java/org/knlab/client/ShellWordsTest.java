package org.knlab.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellWordsTest {

    @Test
    void splitsCommandsAndWordsAsBashWould() {
        assertEquals(
                List.of(List.of("deploy/kn", "fill-mask", "--gold", "Azerbaijan", "Baku is the capital of [MASK].")),
                ShellWords.commands(
                        "deploy/kn fill-mask --gold Azerbaijan \"Baku is the capital of [MASK].\"  # a comment\n"));
        assertEquals(
                List.of(List.of("deploy/kn", "interventions", "--relations", "P103"), List.of("tail", "-5")),
                ShellWords.commands(
                        "KN_THREADS=1 deploy/kn interventions \\\n  --relations P103 > out.md 2>&1 | tail -5"));
        assertEquals(
                List.of(List.of("a", "it's"), List.of("b"), List.of("c")),
                ShellWords.commands("a 'it'\\''s' 2> err.log && b; c &"));
    }
}
