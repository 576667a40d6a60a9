package org.knlab.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/steps.md is what the schemas say; {@code -Dkn.docs.write=true} rewrites it. */
class StepReferenceTest {

    private static final Path PAGE = Path.of("../docs/steps.md");

    private final StepReference reference = new StepReference(Path.of("json"));

    @Test
    void theCommittedStepReferenceIsTheOneTheSchemasGenerate() throws IOException {
        String generated = reference.markdown();
        if (Boolean.getBoolean("kn.docs.write")) {
            Files.writeString(PAGE, generated);
        }
        assertTrue(Files.exists(PAGE), "docs/steps.md is missing; generate it with -Dkn.docs.write=true");
        assertEquals(
                generated,
                Files.readString(PAGE),
                "docs/steps.md is stale: the schemas changed; regenerate it"
                        + " with ./mvnw -q -B -pl schemas test -Dtest=StepReferenceTest -Dkn.docs.write=true");
    }

    @Test
    void everyStepTypeIsThereWithItsDefaultsBoundsAndSharedParameters() {
        String page = reference.markdown();
        assertEquals(12, reference.stepTypes().size(), reference.stepTypes().toString());
        for (String type : reference.stepTypes()) {
            assertTrue(page.contains("\n## " + type + "\n"), type);
        }
        String interventions =
                page.substring(page.indexOf("\n## interventions\n"), page.indexOf("\n## replicate-kn-figures\n"));
        assertTrue(
                interventions.contains(
                        "| `controls` | integer | `100` | ≥ 2, ≤ 10000 | Matched random neuron sets per fact. |"),
                interventions);
        // knowledge-neurons takes attribution's parameters through allOf
        String neurons = page.substring(page.indexOf("\n## knowledge-neurons\n"), page.indexOf("\n## interventions\n"));
        assertTrue(neurons.contains("| `steps` | integer | — | ≥ 1, ≤ 200 |"), neurons);
        assertTrue(
                neurons.contains(
                        "| `rule` | one of `authors`, `authors-activation`, `eleuther`, `single-prompt` | `\"authors\"` |"),
                neurons);
    }
}
