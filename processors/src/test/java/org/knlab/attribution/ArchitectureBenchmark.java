package org.knlab.attribution;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.experiments.ProgressListener;
import org.knlab.model.ModelStore;
import org.knlab.nn.LanguageModel;
import org.knlab.nn.LanguageModels;
import org.knlab.testing.TinyDecoder;
import org.knlab.testing.TinyModels;

/**
 * IG seconds per prompt across architectures (not a test), in one run: bert-base-cased, and random
 * checkpoints of GPT-2 small's and SmolLM-135M's shapes (the weights do not change the work), each
 * timed for the plain per-layer reference loop ({@link ReferenceIntegratedGradients}, 20 steps, a full
 * forward from the embeddings per layer) and the fast engine in paper mode (the same 20 Riemann steps)
 * and at one Gauss–Legendre node (the published runs' setting). The decoder prompts are the next-token
 * prompts of a ParaRel fact; the tiny byte-level tokenizer makes them 20–40 tokens long, about twice a
 * real GPT-2 tokenisation. Run with {@code deploy/bench-architectures.sh [PROMPTS]}.
 */
public final class ArchitectureBenchmark {

    public static void main(String[] args) throws IOException {
        int prompts = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path store = Files.createTempDirectory("kn-bench-models");
        System.out.printf(
                "IG per prompt, %d prompts per model, %d CPU threads, %s%n",
                prompts, Runtime.getRuntime().availableProcessors(), Device.cpu());
        System.out.printf(
                "%-22s %8s %12s %12s %12s %8s %8s%n",
                "model", "tokens", "reference s", "paper s", "GL(1) s", "ref/paper", "ref/GL1");
        bench(
                "bert-base-cased",
                LanguageModels.load(ModelStore.fromEnvironment(), ModelStore.DEFAULT_MODEL, Device.cpu()),
                prompts);
        bench(
                "gpt2-small (random)",
                LanguageModels.load(
                        "gpt2-small", TinyDecoder.gpt2Small(1).write(store.resolve("gpt2-small")), Device.cpu()),
                prompts);
        bench(
                "smollm-135m (random)",
                LanguageModels.load(
                        "smollm-135m", TinyDecoder.smolLm135m(2).write(store.resolve("smollm-135m")), Device.cpu()),
                prompts);
    }

    private static void bench(String name, LanguageModel model, int count) {
        try (model) {
            ParaRel pararel = ParaRel.load(model.promptStyle());
            Fact fact = pararel.facts("P1376").get(0);
            List<String> prompts = pararel.prompts(fact)
                    .subList(0, Math.min(count, pararel.prompts(fact).size()));
            int gold = model.tokenizer().singleToken(fact.object()).orElse(1);
            // warm-up: the first pass of each shape pays for the engine's kernel selection
            new IntegratedGradients(model, Quadrature.GAUSS_LEGENDRE, 1, 64)
                    .attribute(prompts.subList(0, 1), gold, ProgressListener.NONE);
            double tokens = prompts.stream()
                    .mapToInt(p -> TinyModels.ids(model, p).length)
                    .average()
                    .orElse(0);
            long t0 = System.nanoTime();
            for (String p : prompts) {
                ReferenceIntegratedGradients.scores(
                        model, TinyModels.ids(model, p), TinyModels.maskPosition(model, p), gold, 20);
            }
            double reference = (System.nanoTime() - t0) / 1e9 / prompts.size();
            double paper = perPrompt(model, prompts, gold, Quadrature.LEFT_RIEMANN, 20);
            double one = perPrompt(model, prompts, gold, Quadrature.GAUSS_LEGENDRE, 1);
            System.out.printf(
                    "%-22s %8.1f %12.3f %12.3f %12.3f %7.2fx %7.2fx%n",
                    name, tokens, reference, paper, one, reference / paper, reference / one);
        }
    }

    private static double perPrompt(LanguageModel model, List<String> prompts, int gold, Quadrature q, int steps) {
        long t0 = System.nanoTime();
        new IntegratedGradients(model, q, steps, 256).attribute(prompts, gold, ProgressListener.NONE);
        return (System.nanoTime() - t0) / 1e9 / prompts.size();
    }
}
