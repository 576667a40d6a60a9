package org.knlab.intervention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knlab.attribution.Neuron;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.errors.InvalidParameterException;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.nn.BertModel;
import org.knlab.nn.FreeMemory;
import org.knlab.testing.RealModel;

/**
 * A pass whose blocks cannot fit in the free memory is stopped before its first block with an error
 * naming maxRows — the worker is not killed — and the model runs the next pass as before.
 */
class PassMemoryTest {

    private final BertModel model = RealModel.bertBaseCased();

    @Test
    void aPassTooLargeForTheFreeMemoryNamesMaxRowsAndTheModelRunsOn() {
        Fact fact = ParaRel.load().facts("P103").get(0);
        String prompt = ParaRel.load().prompts(fact).get(0);
        ClozeBatch batch = ClozeBatch.of(model.tokenizer(), List.of(prompt));
        int[] gold = {model.tokenizer().singleTokenId(fact.object(), "gold")};
        long tokens = batch.tokens().length();
        long perRow = tokens * (6L * 3072 + 6L * 768) * 4;
        long free = FreeMemory.on(Device.cpu()).orElseThrow();
        long rows = 2 * free / perRow; // twice what fits
        assumeTrue(rows <= 65_536, "this machine has too much free memory for one pass to exceed it");
        List<List<Neuron>> sets = new ArrayList<>();
        for (int s = 0; s < rows; s++) {
            sets.add(List.of(new Neuron(0, s % 3072)));
        }
        List<List<Neuron>> small = List.of(List.of(new Neuron(0, 7), new Neuron(5, 100)), List.of(new Neuron(9, 3)));
        List<List<PromptOutcome>> first =
                new InterventionRunner(model, 256).run(batch, gold, Intervention.suppress(), small);
        InvalidParameterException e = assertThrows(
                InvalidParameterException.class,
                () -> new InterventionRunner(model, 65_536).run(batch, gold, Intervention.suppress(), sets));
        assertEquals("maxRows", e.field());
        assertTrue(e.getMessage().contains("lower maxRows"), e.getMessage());

        assertEquals(
                first,
                new InterventionRunner(model, 256).run(batch, gold, Intervention.suppress(), small),
                "the same pass after the refused one, to the bit");
    }
}
