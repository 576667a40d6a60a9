package org.knlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.knlab.fillmask.FillMask;
import org.knlab.testing.RealModel;
import org.knlab.testing.TinyModels;

/** Gradients and resource hygiene on the real bert-base-cased. */
class RealModelHooksTest {

    private static final String TEXT = "Baku is the capital of [MASK].";
    private final BertModel model = RealModel.bertBaseCased();

    @Test
    void gradientOfGoldProbabilityMatchesCentralDifferences() {
        int[] ids = TinyModels.ids(model, TEXT);
        int mask = TinyModels.maskPosition(model, TEXT);
        int gold = model.tokenizer().singleTokenId("Azerbaijan", "gold");
        int layer = 9;
        float[] grad;
        try (NDManager scope = model.newScope();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            GradientTap tap = new GradientTap();
            NDArray hidden =
                    model.encode(scope, TokenBatch.of(ids), Hooks.none().add(HookPoint.mlpPost(layer), tap));
            gc.backward(model.logits(hidden, new int[] {0}, new int[] {mask})
                    .softmax(-1)
                    .get(0, gold));
            grad = tap.gradient().get(0, mask).toFloatArray();
        }
        int[] strongest = IntStream.range(0, grad.length)
                .boxed()
                .sorted(Comparator.comparingDouble(i -> -Math.abs(grad[i])))
                .limit(3)
                .mapToInt(i -> i)
                .toArray();
        float h = 0.02f;
        for (int n : strongest) {
            double up = goldProbability(ids, mask, gold, layer, n, h);
            double down = goldProbability(ids, mask, gold, layer, n, -h);
            double fd = (up - down) / (2 * h);
            assertEquals(grad[n], fd, 0.05 * Math.abs(grad[n]), "neuron " + n);
        }
    }

    private double goldProbability(int[] ids, int mask, int gold, int layer, int neuron, float delta) {
        Hooks hooks = Hooks.none().add(HookPoint.mlpPost(layer), new NeuronIntervention().add(0, mask, neuron, delta));
        try (NDManager scope = model.newScope()) {
            NDArray hidden = model.encode(scope, TokenBatch.of(ids), hooks);
            return model.logits(hidden, new int[] {0}, new int[] {mask})
                    .softmax(-1)
                    .getFloat(0, gold);
        }
    }

    @Test
    void twoHundredFillMasksKeepNativeMemoryFlat() throws Exception {
        FillMask fillMask = new FillMask(model);
        // Warm-up as long as the measurement: allocator pools, JIT, and the heap settling after earlier
        // tests in this JVM (its committed size changes what RSS − heap shows) happen once; a leak
        // grows in every period.
        for (int i = 0; i < 200; i++) {
            fillMask.run(TEXT, 5, "Azerbaijan");
        }
        int arraysBefore = model.heldArrays();
        // Two periods: a leak grows in each, while the allocator's one-off steps (a new malloc arena,
        // the heap settling after earlier tests in this JVM) show in one at most.
        long[] growth = new long[2];
        for (int period = 0; period < 2; period++) {
            long nativeBefore = nativeMemoryMb();
            for (int i = 0; i < 200; i++) {
                fillMask.run(TEXT, 5, "Azerbaijan");
            }
            growth[period] = nativeMemoryMb() - nativeBefore;
        }
        assertEquals(arraysBefore, model.heldArrays(), "arrays leaked into the model's manager");
        // One leaked forward pass holds > 10 MB of activations; 200 would be gigabytes.
        assertTrue(
                Math.min(growth[0], growth[1]) < 40,
                "native memory grew by " + growth[0] + " and " + growth[1] + " MB over two periods of 200 calls");
    }

    /** Resident memory outside the Java heap: what PyTorch's allocations would grow. */
    private static long nativeMemoryMb() throws Exception {
        System.gc();
        long heapCommitted =
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                long rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                return (rss - heapCommitted) >> 20;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
