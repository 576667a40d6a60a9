package org.knlab.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.errors.InvalidParameterException;
import org.knlab.nn.BertModel;
import org.knlab.testing.TinyBert;
import org.knlab.testing.TinyModels;

/**
 * Trained dictionaries as the model store keeps them: found by id or as the latest, and refused, naming
 * {@code dictionary}, when unknown, when none exists, or when trained on another model.
 */
class SaeSetTest {

    @TempDir
    Path store;

    private static SaeTrainingReport report(String id, String sha, int layer) {
        return new SaeTrainingReport(
                id,
                "tiny",
                sha,
                "mlp.hook_post",
                new ActivationDataset.Identity(sha, "mlp.hook_post", "p", List.of(layer), 8, TinyBert.INTERMEDIATE),
                4,
                1,
                8,
                0,
                new SaeTrainingSettings(2 * TinyBert.INTERMEDIATE, 4, null, null, null, null, null),
                0,
                List.of(new SaeTrainingReport.LayerQuality(
                        layer, 2 * TinyBert.INTERMEDIATE, 4, 10, 0.1, 0, 0.9, 4, 0.5, 0.4, 0.8, 1, 1, 1, 100)),
                0.1);
    }

    /** A stored set: its report and one layer's dictionary (zeros of the right shapes). */
    private void write(BertModel model, String id, String sha, int layer) throws IOException {
        Path dir = SaeSet.modelDirectory(store, model.identity().id()).resolve(id);
        Files.createDirectories(dir);
        int d = TinyBert.INTERMEDIATE;
        int m = 2 * d;
        new SaeDictionary(d, m, 4, new float[d * m], new float[m], new float[m * d], new float[d])
                .save(SaeSet.layerFile(dir, layer), Map.of());
        SaeSet.writeJson(dir.resolve(SaeSet.REPORT), report(id, sha, layer));
    }

    @Test
    void findsASetByIdOrAsTheLatestAndRefusesOthersNamingTheField() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(21), store)) {
            assertEquals(
                    "dictionary",
                    assertThrows(InvalidParameterException.class, () -> SaeSet.open(store, model, null))
                            .field(),
                    "none trained yet");
            write(model, "aaaaaaaa11111111", model.identity().sha256(), 1);
            SaeSet set = SaeSet.open(store, model, null);
            assertEquals("aaaaaaaa11111111", set.id());
            assertEquals(List.of(1), set.layers());
            assertEquals(2 * TinyBert.INTERMEDIATE, set.dictionary(1).m());
            assertEquals(
                    "dictionary",
                    assertThrows(InvalidParameterException.class, () -> set.dictionary(0))
                            .field(),
                    "a layer the set lacks");
            assertEquals(
                    "dictionary",
                    assertThrows(InvalidParameterException.class, () -> SaeSet.open(store, model, "../../x"))
                            .field());
            assertEquals(
                    "dictionary",
                    assertThrows(InvalidParameterException.class, () -> SaeSet.open(store, model, "bbbbbbbb22222222"))
                            .field());

            write(model, "cccccccc33333333", "0".repeat(64), 1);
            InvalidParameterException other =
                    assertThrows(InvalidParameterException.class, () -> SaeSet.open(store, model, "cccccccc33333333"));
            assertEquals("dictionary", other.field());
            assertTrue(
                    other.getMessage().contains("another") || other.getMessage().contains("not on"),
                    other.getMessage());
        }
    }
}
