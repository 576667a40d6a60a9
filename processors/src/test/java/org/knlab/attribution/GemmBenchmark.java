package org.knlab.attribution;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.knlab.nn.EngineSettings;

/**
 * The engine's fp32 GEMM at kn-lab's shapes (not a test): x·W as the studies multiply, best of a few
 * rounds, in GFLOP/s; {@code deploy/bench-gemm.sh} puts the machine's best BLAS beside it. Shapes
 * "M K N" from the arguments, else kn-lab's own (see {@link #SHAPES}).
 */
public final class GemmBenchmark {

    /**
     * The FFN in and out of a batched IG pass (200 rows), the attention projections of a 12-prompt batch
     * (12 × 16 tokens), one prompt's FFN (16 rows), the vocabulary head at 200 read positions, and 1536³.
     */
    public static final List<long[]> SHAPES = List.of(
            new long[] {200, 768, 3072},
            new long[] {200, 3072, 768},
            new long[] {192, 768, 768},
            new long[] {16, 768, 3072},
            new long[] {200, 768, 28996},
            new long[] {1536, 1536, 1536});

    public static void main(String[] args) {
        List<long[]> shapes = new ArrayList<>();
        for (int a = 0; a + 2 < args.length; a += 3) {
            shapes.add(new long[] {Long.parseLong(args[a]), Long.parseLong(args[a + 1]), Long.parseLong(args[a + 2])});
        }
        EngineSettings settings = EngineSettings.applied();
        System.out.println("engine " + Engine.getInstance().getEngineName() + " "
                + Engine.getInstance().getVersion() + ", " + settings.describe());
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            for (long[] s : shapes.isEmpty() ? SHAPES : shapes) {
                System.out.printf("%d %d %d %.1f%n", s[0], s[1], s[2], rate(m, s));
            }
        }
    }

    /** Best GFLOP/s of three timed rounds of about 20 GFLOP each, after one warm-up round. */
    static double rate(NDManager m, long[] s) {
        NDArray x = m.randomUniform(0, 1, new Shape(s[0], s[1]));
        NDArray y = m.randomUniform(0, 1, new Shape(s[1], s[2]));
        double flop = 2.0 * s[0] * s[1] * s[2];
        int reps = (int) (2e10 / flop) + 1;
        double best = 0;
        for (int round = 0; round < 4; round++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                x.matMul(y).close();
            }
            double rate = reps * flop / ((System.nanoTime() - t0) / 1e9) / 1e9;
            best = round > 0 ? Math.max(best, rate) : 0;
        }
        x.close();
        y.close();
        return best;
    }
}
