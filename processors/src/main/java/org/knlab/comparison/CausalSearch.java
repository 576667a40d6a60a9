package org.knlab.comparison;

import java.util.ArrayList;
import java.util.List;
import org.knlab.attribution.Neuron;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.nn.BertModel;

/**
 * Direct causal search for the neurons whose ablation (zero at [MASK]) most lowers P(gold) on a
 * fact's selection prompts. Candidates are pre-ranked by gradient × activation (attribution
 * patching: a first-order guess at each ablation's effect) and the top {@code poolSize} form the pool;
 * then a greedy set search adds, k times, the pool neuron whose <em>joint</em> ablation with those
 * already chosen gives the lowest mean P(gold), every candidate checked by a real (restarted, batched)
 * forward pass. Step 1 of the greedy search is the exact single-neuron effect of the whole pool.
 * No randomness: ties go to the earlier pool neuron, so the result is the same for any seed.
 */
public final class CausalSearch {

    /**
     * The chosen neurons in pick order (prefixes are the searches for smaller k), the pool in rank
     * order, each pool neuron's single-ablation mean P(gold), mean P(gold) after each pick, and the cost.
     */
    public record Result(List<Neuron> chosen, List<Neuron> pool, double[] singleEffects, double[] afterEachPick,
            SearchCost cost) {

        /** The search's set at budget k (its first k picks). */
        public List<Neuron> first(int k) {
            return List.copyOf(chosen.subList(0, k));
        }
    }

    private final BertModel model;
    private final int maxRows;

    public CausalSearch(BertModel model, int maxRows) {
        this.model = model;
        this.maxRows = maxRows;
    }

    /**
     * @param gradTimesAct the pre-ranking scores, [layer][neuron] (mean over the selection prompts)
     * @param poolSize     candidates kept
     * @param k            picks (at most the pool size)
     */
    public Result run(ClozeBatch selection, int gold, float[][] gradTimesAct, int poolSize, int k) {
        List<Neuron> pool = NeuronRanking.top(gradTimesAct, poolSize);
        if (k > pool.size()) {
            throw new IllegalArgumentException("k = " + k + " is above the pool of " + pool.size());
        }
        SearchCost.Counter cost = new SearchCost.Counter();
        AblationEffects effects = new AblationEffects(model, maxRows, cost);
        List<Neuron> chosen = new ArrayList<>();
        List<Neuron> remaining = new ArrayList<>(pool);
        double[] single = null;
        double[] after = new double[k];
        for (int step = 0; step < k; step++) {
            double[] p = effects.meanGold(selection, gold, chosen, remaining);
            if (step == 0) {
                single = p.clone();
            }
            int best = 0;
            for (int i = 1; i < p.length; i++) {
                if (p[i] < p[best]) {
                    best = i;
                }
            }
            after[step] = p[best];
            chosen.add(remaining.remove(best));
        }
        return new Result(List.copyOf(chosen), pool, single == null ? new double[0] : single, after, cost.total());
    }
}
