package org.knlab.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.data.ParaRel;
import org.knlab.errors.InvalidParameterException;
import org.knlab.experiments.ProgressListener;
import org.knlab.nn.BertModel;
import org.knlab.testing.TinyBert;
import org.knlab.testing.TinyModels;

/**
 * A dictionary or batch too large for the machine is refused before any work, naming the setting that
 * needs the memory, instead of the worker being killed part-way.
 */
class TrainingMemoryTest {

    @TempDir
    Path store;

    @Test
    void theLargerPartNamesItsSetting() {
        // a million features of a 3072-neuron layer: ~150 GB of dictionary
        TrainingMemory wide = TrainingMemory.of(3072, 1 << 20, 32, 1024);
        InvalidParameterException e = assertThrows(
                InvalidParameterException.class, () -> wide.requireAtMost(24_000_000_000L, "this machine"));
        assertEquals("width", e.field());
        assertTrue(e.getMessage().contains("this machine has 24.0 GB available: lower width"), e.getMessage());
        // 65536 rows of 4096 codes each: the batch's decoder rows dominate
        TrainingMemory batch = TrainingMemory.of(768, 4096, 4096, 65_536);
        assertEquals(
                "batchSize",
                assertThrows(InvalidParameterException.class, () -> batch.requireAtMost(24_000_000_000L, "x"))
                        .field());
        // the defaults on bert-base (2.9 GB measured) fit a 24 GB machine
        TrainingMemory defaults = TrainingMemory.of(3072, 4 * 3072, 32, 1024);
        defaults.requireAtMost(24_000_000_000L, "this machine");
        assertTrue(defaults.total() > 2.9e9, "an estimate at or above the measured peak: " + defaults.total());
    }

    @Test
    void aTrainingTooLargeForThisMachineFailsBeforeAnyActivationIsWritten() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(5), store)) {
            SaeTrainingSettings huge = new SaeTrainingSettings(1 << 20, 4096, null, 65_536, null, null, null);
            TrainSaeSettings settings = new TrainSaeSettings(List.of("P27"), 2, List.of(1), null, huge, null, null);
            ParaRel pararel = ParaRel.load();
            InvalidParameterException e = assertThrows(
                    InvalidParameterException.class,
                    () -> new SaeTrainingRun(model, pararel, store)
                            .run(pararel.facts("P27").subList(0, 2), List.of(), settings, 0, ProgressListener.NONE));
            assertEquals("batchSize", e.field(), e.getMessage());
            assertFalse(Files.exists(store.resolve("activations")), "no activation dataset was built");
        }
    }
}
