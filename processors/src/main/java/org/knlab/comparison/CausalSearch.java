package org.knlab.comparison;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.knlab.attribution.Neuron;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.nn.LanguageModel;

/**
 * Direct causal search for the neurons whose ablation (zero at [MASK]) most lowers P(gold) on a
 * fact's selection prompts. Candidates are pre-ranked by gradient × activation (attribution
 * patching: a first-order guess at each ablation's effect) and the top {@code poolSize} form the pool;
 * then a greedy set search adds, k times, the pool neuron whose <em>joint</em> ablation with those
 * already chosen gives the lowest mean P(gold), every candidate checked by a real (restarted, batched)
 * forward pass. Step 1 of the greedy search is the exact single-neuron effect of the whole pool.
 *
 * <p>Later steps re-check only a {@code shortlist}: the remaining candidates whose joint effect was
 * strongest at the step before (lazy greedy — a candidate's marginal effect rarely jumps from the
 * bottom of the pool to the top after one more pick). Cost per pick drops from the pool to the
 * shortlist; a shortlist as large as the pool is the exact greedy search. No randomness: ties go to
 * the earlier pool neuron, so the result is the same for any seed.
 */
public final class CausalSearch {

    /**
     * The chosen neurons in pick order (prefixes are the searches for smaller k), the pool in rank
     * order, each pool neuron's single-ablation mean P(gold), mean P(gold) after each pick, and the cost.
     */
    public record Result(
            List<Neuron> chosen, List<Neuron> pool, double[] singleEffects, double[] afterEachPick, SearchCost cost) {

        /** The search's set at budget k (its first k picks). */
        public List<Neuron> first(int k) {
            return List.copyOf(chosen.subList(0, k));
        }
    }

    private final LanguageModel model;
    private final int maxRows;

    public CausalSearch(LanguageModel model, int maxRows) {
        this.model = model;
        this.maxRows = maxRows;
    }

    /**
     * @param gradTimesAct the pre-ranking scores, [layer][neuron] (mean over the selection prompts)
     * @param poolSize     candidates kept
     * @param shortlist    candidates re-checked at each pick after the first
     * @param k            picks (at most the pool size)
     */
    public Result run(ClozeBatch selection, int gold, float[][] gradTimesAct, int poolSize, int shortlist, int k) {
        List<Neuron> pool = NeuronRanking.top(gradTimesAct, poolSize);
        if (k > pool.size()) {
            throw new IllegalArgumentException("k = " + k + " is above the pool of " + pool.size());
        }
        SearchCost.Counter cost = new SearchCost.Counter();
        AblationEffects effects = new AblationEffects(model, maxRows, cost);
        List<Neuron> chosen = new ArrayList<>();
        List<Neuron> remaining = new ArrayList<>(pool);
        List<Double> lastSeen = new ArrayList<>(); // each remaining candidate's mean P(gold) when last checked
        double[] single = new double[0];
        double[] after = new double[k];
        for (int step = 0; step < k; step++) {
            List<Integer> checked = step == 0 ? indices(remaining.size()) : strongest(lastSeen, shortlist);
            double[] p = effects.meanGold(
                    selection,
                    gold,
                    chosen,
                    checked.stream().map(remaining::get).toList());
            if (step == 0) {
                single = p.clone();
                lastSeen.addAll(Arrays.stream(p).boxed().toList());
            }
            int best = -1; // checked is in pool order, so a tie keeps the earlier neuron
            for (int j = 0; j < checked.size(); j++) {
                lastSeen.set(checked.get(j), p[j]);
                if (best < 0 || p[j] < lastSeen.get(best)) {
                    best = checked.get(j);
                }
            }
            after[step] = lastSeen.get(best);
            chosen.add(remaining.remove(best));
            lastSeen.remove(best);
        }
        return new Result(List.copyOf(chosen), pool, single, after, cost.total());
    }

    private static List<Integer> indices(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** The {@code n} candidates with the lowest last-seen P(gold), in pool order (ties: the earlier one). */
    private static List<Integer> strongest(List<Double> lastSeen, int n) {
        return indices(lastSeen.size()).stream()
                .sorted(Comparator.comparingDouble(lastSeen::get).thenComparingInt(i -> i))
                .limit(n)
                .sorted()
                .toList();
    }
}
