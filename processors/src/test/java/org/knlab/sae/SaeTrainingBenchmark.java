package org.knlab.sae;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.knlab.experiments.ProgressListener;
import org.knlab.nn.EngineSettings;

/**
 * SAE training throughput (not a test): activation rows per second of {@link SaeTrainer} on a layer of
 * width d with a dictionary of m features, as a FLOP rate over the engine's matmul rate at the same
 * batch shapes measured in the same run, and the time of one epoch of a dataset of the given rows.
 *
 * <p>Two FLOP counts per step of B rows. The <b>nominal</b> one is what a TopK SAE step costs done
 * densely, 10·B·d·m: the encoder product forward and its weight gradient, the decoder product forward,
 * its weight gradient and the error's back-projection — the model-FLOP-utilisation convention (the
 * model's FLOP at the rows/s achieved, however they were computed); the goal (≥ 0.8) is stated in it.
 * The <b>computed</b> one is what this trainer's step does: the dense encoder (4·B·d·m) and the sparse
 * decoder, which touches only each row's k features (6·B·k·d).
 *
 * <p>Arguments: {@code [d] [m] [k] [batch] [steps] [epochRows]}, default BERT-base's FFN width 3072,
 * the default training settings' width (4×), k and batch ({@link SaeTrainingSettings}), 8 timed steps, an epoch of 16 320 rows (34 relations × 480
 * prompts).
 */
public final class SaeTrainingBenchmark {

    public static void main(String[] args) {
        int d = arg(args, 0, 3072);
        int m = arg(args, 1, SaeTrainingSettings.EXPANSION * d);
        int k = arg(args, 2, SaeTrainingSettings.DEFAULTS.k());
        int batch = arg(args, 3, SaeTrainingSettings.DEFAULTS.batchSize());
        int steps = arg(args, 4, 8);
        int epochRows = arg(args, 5, 16_320);
        EngineSettings engine = EngineSettings.applied();
        System.out.println("engine " + Engine.getInstance().getEngineName() + " "
                + Engine.getInstance().getVersion() + ", " + engine.describe());
        System.out.printf("d %d, m %d, k %d, batch %d%n", d, m, k, batch);

        ActivationSource data = synthetic(d, Math.max(batch * (steps + 2), 4096));
        SaeTrainer warm =
                new SaeTrainer(data, new SaeTrainingSettings(m, k, null, batch, 2.0 * batch / data.rows(), 0, null), 1);
        warm.train(null, 2, ProgressListener.NONE);
        SaeTrainer timed = new SaeTrainer(
                data,
                new SaeTrainingSettings(m, k, null, batch, (double) (steps + 1) * batch / data.rows(), 0, null),
                1);
        // timed from the end of the first step to the end of the last: steps only, not initialisation
        long[] ends = new long[steps + 2];
        timed.train(null, steps + 1, (step, all) -> ends[step] = System.nanoTime());
        double seconds = (ends[steps + 1] - ends[1]) / 1e9;
        double rowsPerSecond = steps * (double) batch / seconds;
        double nominal = rowsPerSecond * 10.0 * d * m / 1e9;
        double computed = rowsPerSecond * (4.0 * d * m + 6.0 * k * d) / 1e9;

        double matmul = matmulRate(batch, d, m);
        System.out.printf("training: %.0f rows/s (%.3f s a step)%n", rowsPerSecond, batch / rowsPerSecond);
        System.out.printf("engine matmul at [%d, %d]·[%d, %d]: %.1f GFLOP/s%n", batch, d, d, m, matmul);
        System.out.printf(
                "nominal (dense step, 10·B·d·m): %.1f GFLOP/s, fraction of the matmul rate: %.2f%n",
                nominal, nominal / matmul);
        System.out.printf(
                "computed (dense encoder 4·B·d·m + sparse decoder 6·B·k·d): %.1f GFLOP/s, fraction: %.2f%n",
                computed, computed / matmul);
        System.out.printf("one epoch of %d rows: %.1f s%n", epochRows, epochRows / rowsPerSecond);
    }

    /** Best GFLOP/s of a few rounds of the encoder's product x·W_enc (the shapes training multiplies). */
    static double matmulRate(int rows, int d, int m) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = manager.randomUniform(0, 1, new Shape(rows, d));
            NDArray w = manager.randomUniform(0, 1, new Shape(d, m));
            double flop = 2.0 * rows * d * m;
            double best = 0;
            for (int round = 0; round < 5; round++) {
                long t0 = System.nanoTime();
                x.matMul(w).close();
                double rate = flop / ((System.nanoTime() - t0) / 1e9) / 1e9;
                best = round > 0 ? Math.max(best, rate) : 0;
            }
            return best;
        }
    }

    /** Non-negative sparse-ish rows like GELU activations: a few large entries over a small floor. */
    private static ActivationSource synthetic(int d, int rows) {
        Random rnd = new Random(7);
        float[] values = new float[rows * d];
        for (int i = 0; i < values.length; i++) {
            values[i] = rnd.nextInt(20) == 0 ? (float) Math.abs(rnd.nextGaussian()) : -0.05f;
        }
        return ActivationSource.of(values, d);
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }
}
