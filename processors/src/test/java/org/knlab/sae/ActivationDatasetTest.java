package org.knlab.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.errors.InvalidParameterException;
import org.knlab.intervention.MaskActivations;
import org.knlab.nn.BertModel;
import org.knlab.testing.TinyBert;
import org.knlab.testing.TinyModels;

/**
 * The activation dataset on a tiny BERT: each layer's rows are the activations at [MASK] to binary16
 * precision, a dataset that exists is not built again, another selection of layers is another dataset,
 * and a layer the model lacks is named.
 */
class ActivationDatasetTest {

    @TempDir
    Path store;

    @TempDir
    Path root;

    @Test
    void holdsTheMaskActivationsAtHalfPrecision() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(11), store)) {
            ParaRel pararel = ParaRel.load();
            List<String> prompts = pararel.facts("P36").stream()
                    .limit(4)
                    .flatMap((Fact f) -> pararel.prompts(f).stream().limit(10))
                    .toList();
            int last = model.config().numLayers() - 1;
            ActivationDataset dataset = ActivationDataset.of(model, prompts, List.of(0, last), root);
            float[][][] expected = MaskActivations.of(model, prompts).values();
            int d = model.config().intermediateSize();
            for (int layer : List.of(0, last)) {
                ActivationSource source = dataset.layer(layer);
                assertEquals(prompts.size(), source.rows());
                assertEquals(d, source.dimension());
                int[] all = new int[prompts.size()];
                for (int i = 0; i < all.length; i++) {
                    all[i] = i;
                }
                float[] rows = new float[all.length * d];
                source.read(all, rows);
                for (int p = 0; p < all.length; p++) {
                    for (int j = 0; j < d; j++) {
                        float e = expected[p][layer][j];
                        assertEquals(e, rows[p * d + j], Math.max(1e-4, Math.abs(e) * 1e-3), "prompt " + p);
                    }
                }
            }
            Path marker = dataset.directory().resolve("dataset.json");
            FileTime built = Files.getLastModifiedTime(marker);
            ActivationDataset again = ActivationDataset.of(model, prompts, List.of(0, last), root);
            assertEquals(dataset, again);
            assertEquals(built, Files.getLastModifiedTime(marker), "an existing dataset is not built again");
            assertNotEquals(
                    dataset.directory(),
                    ActivationDataset.of(model, prompts, List.of(last), root).directory());
            assertEquals(
                    "layers[1]",
                    assertThrows(
                                    InvalidParameterException.class,
                                    () -> ActivationDataset.of(model, prompts, List.of(0, last + 1), root))
                            .field());
        }
    }
}
