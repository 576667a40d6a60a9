package org.knlab.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.experiments.ProgressListener;
import org.knlab.model.ModelStore;
import org.knlab.nn.BertModel;
import org.knlab.nn.EngineSettings;
import org.knlab.testing.TinyModels;

/**
 * The attribution benchmark (not a test): seconds per prompt for (a) the plain reference loop,
 * (b) the fast engine in paper-exact mode, (c) the fast engine with Gauss–Legendre at the fewest
 * nodes that give the same refined neurons as (a) (Jaccard ≥ 0.9); the ratios a/b and a/c; and
 * (b)'s FLOP rate as a share of this machine's measured fp32 matmul rate. All in one run.
 * Run with {@code deploy/bench-attribution.sh [FACTS]}.
 */
public final class AttributionBenchmark {

    private static final RefinementRule RULE = new RefinementRule(0.2, 0.7, 3, false, false, false);

    public static void main(String[] args) {
        int factCount = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        EngineSettings.applied(); // before the engine starts, as every entry point
        try (BertModel model = BertModel.load(ModelStore.fromEnvironment().open(ModelStore.DEFAULT_MODEL))) {
            ParaRel pararel = ParaRel.load();
            List<Fact> facts = new ArrayList<>();
            for (String relation : List.of("P1376", "P36", "P103", "P37")) {
                facts.addAll(pararel.facts(relation).subList(0, 1));
            }
            facts = facts.subList(0, Math.min(factCount, facts.size()));
            int prompts =
                    facts.stream().mapToInt(f -> pararel.prompts(f).size()).sum();
            System.out.printf(
                    "attribution benchmark: bert-base-cased, %d facts, %d prompts, CPU threads %d%n",
                    facts.size(), prompts, Runtime.getRuntime().availableProcessors());
            warmUp(model);

            long t0 = System.nanoTime();
            List<List<float[][]>> reference = new ArrayList<>();
            for (Fact f : facts) {
                int gold = model.tokenizer().singleTokenId(f.object(), "gold");
                List<float[][]> perPrompt = new ArrayList<>();
                for (String p : pararel.prompts(f)) {
                    perPrompt.add(ReferenceIntegratedGradients.scores(
                            model, TinyModels.ids(model, p), TinyModels.maskPosition(model, p), gold, 20));
                }
                reference.add(perPrompt);
            }
            double a = (System.nanoTime() - t0) / 1e9 / prompts;

            t0 = System.nanoTime();
            List<List<float[][]>> paper = run(model, pararel, facts, Quadrature.LEFT_RIEMANN, 20);
            double b = (System.nanoTime() - t0) / 1e9 / prompts;

            int nodes = 0;
            double c = Double.NaN;
            double jaccard = 0;
            for (int n = 1; n <= 10 && jaccard < 0.9; n++) {
                t0 = System.nanoTime();
                List<List<float[][]>> gauss = run(model, pararel, facts, Quadrature.GAUSS_LEGENDRE, n);
                c = (System.nanoTime() - t0) / 1e9 / prompts;
                jaccard = jaccard(reference, gauss);
                nodes = n;
            }
            double flops = flopsPerPrompt(model, pararel, facts, 20) / prompts;
            double matmul = matmulRate(model);
            System.out.printf("(a) reference loop           %8.3f s/prompt%n", a);
            System.out.printf("(b) fast engine, paper mode  %8.3f s/prompt   a/b = %.2f   (target >= 1.5)%n", b, a / b);
            System.out.printf(
                    "(c) fast, Gauss-Legendre n=%d %8.3f s/prompt   a/c = %.2f   (target >= 5), Jaccard vs (a) %.3f%n",
                    nodes, c, a / c, jaccard);
            System.out.printf("    paper mode same neurons as reference: Jaccard %.3f%n", jaccard(reference, paper));
            System.out.printf(
                    "(b) %.1f GFLOP/prompt -> %.1f GFLOP/s = %.0f%% of the engine's fp32 matmul %.1f GFLOP/s (target >= 60%%)%n",
                    flops / 1e9, flops / b / 1e9, 100 * flops / b / matmul, matmul / 1e9);
            double blas = Double.parseDouble(System.getProperty("kn.bench.blas-gflops", "NaN"));
            System.out.printf(
                    "    = %.0f%% of the machine's best BLAS at the FFN shape, %.1f GFLOP/s (OpenBLAS, own kernels);"
                            + " engine: %s%n",
                    100 * flops / b / 1e9 / blas, blas, EngineSettings.applied().describe());
        }
    }

    private static List<List<float[][]>> run(
            BertModel model, ParaRel pararel, List<Fact> facts, Quadrature q, int steps) {
        IntegratedGradients ig = new IntegratedGradients(model, q, steps, 256);
        List<List<float[][]>> out = new ArrayList<>();
        for (Fact f : facts) {
            List<float[][]> perPrompt = new ArrayList<>();
            ig.attribute(pararel.prompts(f), model.tokenizer().singleTokenId(f.object(), "gold"), ProgressListener.NONE)
                    .forEach(r -> perPrompt.add(r.scores()));
            out.add(perPrompt);
        }
        return out;
    }

    /** Jaccard of the refined neuron sets (authors' t, p = 0.7, floor 3), pooled over facts. */
    private static double jaccard(List<List<float[][]>> x, List<List<float[][]>> y) {
        Set<String> a = new HashSet<>();
        Set<String> b = new HashSet<>();
        for (int f = 0; f < x.size(); f++) {
            int id = f;
            refined(x.get(f)).forEach(n -> a.add(id + ":" + n));
            refined(y.get(f)).forEach(n -> b.add(id + ":" + n));
        }
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        a.retainAll(b);
        return union.isEmpty() ? 1 : (double) a.size() / union.size();
    }

    private static List<Neuron> refined(List<float[][]> prompts) {
        List<Map<Neuron, Float>> coarse =
                prompts.stream().map(s -> Refinement.coarse(s, RULE)).toList();
        return Refinement.refine(coarse, RULE).stream()
                .map(KnowledgeNeuron::neuron)
                .toList();
    }

    /** Forward + backward (≈ 3× forward) FLOPs of the fast engine, by counting its matmuls. */
    private static double flopsPerPrompt(BertModel model, ParaRel pararel, List<Fact> facts, int m) {
        var c = model.config();
        double h = c.hiddenSize();
        double f = c.intermediateSize();
        double v = c.vocabSize();
        double total = 0;
        for (Fact fact : facts) {
            for (String p : pararel.prompts(fact)) {
                double t = TinyModels.ids(model, p).length;
                double block = t * (2 * 4 * h * h + 2 * 2 * h * f) + 2 * 2 * t * t * h;
                double head = 2 * h * h + 2 * h * v;
                total += c.numLayers() * block + head; // the clean pass
                for (int l = 0; l < c.numLayers(); l++) {
                    double forward =
                            2 * h * f + (c.numLayers() - l - 1) * block + head; // layer l: W_out at the mask only
                    total += m * 3 * forward;
                }
            }
        }
        return total;
    }

    private static double matmulRate(BertModel model) {
        try (NDManager scope = model.newScope()) {
            NDArray x = scope.randomUniform(0, 1, new Shape(1024, 1024));
            NDArray y = scope.randomUniform(0, 1, new Shape(1024, 1024));
            x.matMul(y).close();
            int reps = 20;
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                x.matMul(y).close();
            }
            return reps * 2.0 * Math.pow(1024, 3) / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static void warmUp(BertModel model) {
        new IntegratedGradients(model, Quadrature.GAUSS_LEGENDRE, 2, 64)
                .attribute(
                        List.of("Baku is the capital of [MASK]."),
                        model.tokenizer().singleTokenId("Azerbaijan", "gold"),
                        ProgressListener.NONE);
    }
}
