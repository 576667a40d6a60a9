package org.knlab.comparison;

import java.util.List;
import org.knlab.attribution.Attributor;
import org.knlab.attribution.KnowledgeNeuronFinder.FactPrompts;
import org.knlab.attribution.Neuron;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.model.ModelStore;
import org.knlab.nn.BertModel;
import org.knlab.settings.StepParams;

/**
 * The causal-search benchmark (not a test), all in one run on bert-base-cased: the exact
 * single-neuron effects of a fact's grad × act pool (64) by restarted batched passes against
 * exhaustive one-at-a-time full passes of the same candidates (ratio), the exact greedy search to k = 20
 * against the default shortlist's (ratio, shared picks, P(gold) reached),
 * and (with a second argument n) the whole default comparison on n facts, for the per-fact time.
 * Run: {@code java -cp <test classpath> org.knlab.comparison.CausalSearchBenchmark [POOL] [FACTS]}.
 */
public final class CausalSearchBenchmark {

    public static void main(String[] args) {
        int poolSize = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int factCount = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        try (BertModel model = BertModel.load(ModelStore.fromEnvironment().open(ModelStore.DEFAULT_MODEL))) {
            ParaRel pararel = ParaRel.load();
            Fact fact = pararel.facts("P103").get(0);
            List<String> prompts =
                    pararel.prompts(fact).subList(0, pararel.prompts(fact).size() / 2);
            int gold = model.tokenizer().singleTokenId(fact.object(), "gold");
            ClozeBatch batch = ClozeBatch.of(model.tokenizer(), prompts);
            Attributor.CleanPoint point = new Attributor(model).cleanPoint(prompts, gold, true);
            float[][] gxa = MethodComparison.gradTimesAct(point);
            List<Neuron> pool = NeuronRanking.top(gxa, poolSize);
            System.out.printf(
                    "causal-search benchmark: bert-base-cased, fact %s (%s), %d selection prompts, pool %d,"
                            + " CPU threads %d%n",
                    fact.uuid(),
                    fact.object(),
                    prompts.size(),
                    pool.size(),
                    Runtime.getRuntime().availableProcessors());
            OneAtATime.meanGold(model, batch, gold, List.of(List.of(pool.get(0)))); // warm-up
            SearchCost.Counter counter = new SearchCost.Counter();
            double[] fast = new AblationEffects(model, 256, counter).meanGold(batch, gold, List.of(), pool);
            SearchCost singles = counter.total();
            long t0 = System.nanoTime();
            double[] slow = OneAtATime.meanGold(model, batch, gold, OneAtATime.plusEach(List.of(), pool));
            double exhaustive = (System.nanoTime() - t0) / 1e9;
            double maxDiff = 0;
            for (int i = 0; i < fast.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(fast[i] - slow[i]));
            }
            System.out.printf(
                    "single effects, restarted + batched: %.2f s (%d passes, %d rows)%n",
                    singles.seconds(), singles.passes(), singles.rows());
            System.out.printf(
                    "single effects, one full pass each:  %.2f s (%d passes)   ratio %.1fx, max |diff| %.1e%n",
                    exhaustive, pool.size(), exhaustive / singles.seconds(), maxDiff);
            System.out.printf(
                    "layers of the pool: %s%n",
                    pool.stream().map(Neuron::layer).sorted().toList());
            int k = Math.min(20, poolSize);
            CausalSearch.Result greedy = new CausalSearch(model, 256).run(batch, gold, gxa, poolSize, poolSize, k);
            System.out.printf(
                    "exact greedy search to k = %d: %.2f s (%d passes, %d rows); one-at-a-time would be %d full"
                            + " passes (~%.0f s)%n",
                    k,
                    greedy.cost().seconds(),
                    greedy.cost().passes(),
                    greedy.cost().rows(),
                    greedyPasses(poolSize, k),
                    greedyPasses(poolSize, k) * exhaustive / pool.size());
            int shortlist = StepParams.defaults(CompareMethodsSettings.class).shortlist();
            CausalSearch.Result lazy = new CausalSearch(model, 256).run(batch, gold, gxa, poolSize, shortlist, k);
            long same = lazy.chosen().stream().filter(greedy.chosen()::contains).count();
            System.out.printf(
                    "shortlist %d: %.2f s (%d rows), %.1fx faster; %d of %d picks shared; P(gold) after k:"
                            + " %.4f (exact %.4f)%n",
                    shortlist,
                    lazy.cost().seconds(),
                    lazy.cost().rows(),
                    greedy.cost().seconds() / lazy.cost().seconds(),
                    same,
                    k,
                    lazy.afterEachPick()[k - 1],
                    greedy.afterEachPick()[k - 1]);
            if (factCount > 0) {
                wholeComparison(model, pararel, factCount);
            }
        }
    }

    private static void wholeComparison(BertModel model, ParaRel pararel, int count) {
        List<FactPrompts> facts = pararel.facts("P36").subList(0, count).stream()
                .map(f -> FactPrompts.of(f, pararel))
                .toList();
        long t0 = System.nanoTime();
        MethodComparison.Study study = new MethodComparison(
                        model, pararel, StepParams.defaults(CompareMethodsSettings.class), 0)
                .run(facts, (d, t) -> System.out.printf("  %d/%d at %.0f s%n", d, t, (System.nanoTime() - t0) / 1e9));
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "whole default comparison: %d facts (%d skipped) in %.0f s = %.1f s per fact%n",
                count, study.skippedFacts().size(), s, s / count);
        System.out.print(ComparisonMarkdown.of(study.tables()));
    }

    private static long greedyPasses(int pool, int k) {
        long n = 0;
        for (int j = 0; j < k; j++) {
            n += pool - j;
        }
        return n;
    }
}
