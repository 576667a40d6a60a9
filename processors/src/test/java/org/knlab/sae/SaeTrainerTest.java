package org.knlab.sae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.errors.InvalidParameterException;
import org.knlab.experiments.ProgressListener;

/**
 * TopK SAE training on data with a planted sparse dictionary, at the tiny checkpoint's scale: the
 * dictionary is recovered, a run is deterministic for its seed, a run resumed from its checkpoint ends
 * where an uninterrupted one does, and bad settings name their field.
 */
class SaeTrainerTest {

    private static final int D = 32;
    private static final int FEATURES = 48;
    private static final int ACTIVE = 3;

    @TempDir
    Path dir;

    /** Unit-norm planted directions [FEATURES][D]. */
    private static float[][] planted(long seed) {
        Random rnd = new Random(seed);
        float[][] f = new float[FEATURES][D];
        for (float[] v : f) {
            double norm = 0;
            for (int j = 0; j < D; j++) {
                v[j] = (float) rnd.nextGaussian();
                norm += v[j] * v[j];
            }
            for (int j = 0; j < D; j++) {
                v[j] /= (float) Math.sqrt(norm);
            }
        }
        return f;
    }

    /** Rows that are each the sum of {@link #ACTIVE} planted features with coefficients in [0.5, 1.5]. */
    private static float[] rows(float[][] features, int n, long seed) {
        Random rnd = new Random(seed);
        float[] out = new float[n * D];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < ACTIVE; a++) {
                float[] f = features[rnd.nextInt(FEATURES)];
                float c = 0.5f + rnd.nextFloat();
                for (int j = 0; j < D; j++) {
                    out[i * D + j] += c * f[j];
                }
            }
        }
        return out;
    }

    /** Batches of 128 rows: {@code epochs} passes over {@code rows} rows. */
    private static SaeTrainingSettings settings(double epochs) {
        return new SaeTrainingSettings(2 * FEATURES, ACTIVE, 1e-2, 128, epochs, 100, 5000);
    }

    @Test
    void recoversAPlantedDictionary() {
        float[][] truth = planted(1);
        ActivationSource data = ActivationSource.of(rows(truth, 8192, 2), D);
        SaeTrainer.Result r = new SaeTrainer(data, settings(1200 * 128 / 8192.0), 3)
                .train(null, Integer.MAX_VALUE, ProgressListener.NONE);
        int recovered = 0;
        for (float[] t : truth) {
            double best = 0;
            for (int f = 0; f < r.dictionary().m(); f++) {
                float[] u = r.dictionary().direction(f);
                double dot = 0;
                for (int j = 0; j < D; j++) {
                    dot += t[j] * u[j];
                }
                best = Math.max(best, dot);
            }
            recovered += best >= 0.95 ? 1 : 0;
        }
        assertTrue(
                recovered >= 0.9 * FEATURES,
                "planted features recovered at cosine ≥ 0.95: " + recovered + " of " + FEATURES + " (loss "
                        + r.finalLoss() + ")");
    }

    @Test
    void aResumedRunEndsWithTheSameDictionaryAsAnUninterruptedOne() {
        ActivationSource data = ActivationSource.of(rows(planted(4), 2048, 5), D);
        SaeTrainingSettings s = settings(150 * 128 / 2048.0);
        SaeDictionary whole = new SaeTrainer(data, s, 6)
                .train(null, Integer.MAX_VALUE, ProgressListener.NONE)
                .dictionary();
        SaeDictionary again = new SaeTrainer(data, s, 6)
                .train(null, Integer.MAX_VALUE, ProgressListener.NONE)
                .dictionary();
        assertArrayEquals(whole.wDec(), again.wDec(), "the same seed, the same dictionary");

        Path checkpoint = dir.resolve("sae.safetensors");
        SaeTrainer.Result cut = new SaeTrainer(data, s, 6).train(checkpoint, 70, ProgressListener.NONE);
        assertEquals(70, cut.steps());
        SaeTrainer.Result resumed =
                new SaeTrainer(data, s, 6).train(checkpoint, Integer.MAX_VALUE, ProgressListener.NONE);
        assertEquals(150, resumed.steps());
        assertArrayEquals(whole.wEnc(), resumed.dictionary().wEnc());
        assertArrayEquals(whole.wDec(), resumed.dictionary().wDec());
        assertArrayEquals(whole.bEnc(), resumed.dictionary().bEnc());
        assertArrayEquals(whole.bDec(), resumed.dictionary().bDec());
    }

    @Test
    void badSettingsNameTheirField() {
        ActivationSource data = ActivationSource.of(new float[D * 4], D);
        assertEquals(
                "width",
                assertThrows(
                                InvalidParameterException.class,
                                () -> new SaeTrainer(
                                        data, new SaeTrainingSettings(D - 1, 2, null, null, null, null, null), 0))
                        .field());
        assertEquals(
                "k",
                assertThrows(
                                InvalidParameterException.class,
                                () -> new SaeTrainingSettings(64, 65, null, null, null, null, null))
                        .field());
    }
}
