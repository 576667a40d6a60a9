package org.knlab.comparison;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;
import org.knlab.attribution.Neuron;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.nn.BertModel;

/** The plain reference for ablation effects: one full forward pass from the embeddings per neuron set. */
final class OneAtATime {

    private OneAtATime() {}

    /** Mean P(gold) over the prompts with each set zeroed at [MASK]. */
    static double[] meanGold(BertModel model, ClozeBatch prompts, int gold, List<List<Neuron>> sets) {
        double[] out = new double[sets.size()];
        for (int s = 0; s < sets.size(); s++) {
            try (NDManager scope = model.newScope()) {
                float[] p = model.logits(
                                model.encode(
                                        scope,
                                        prompts.tokens(),
                                        AblationEffects.zeroing(model, sets.get(s), prompts, 1, -1)),
                                prompts.rows(),
                                prompts.maskPositions())
                        .softmax(-1)
                        .get(new NDIndex(":, {}", gold))
                        .toFloatArray();
                for (float v : p) {
                    out[s] += v / (double) p.length;
                }
            }
        }
        return out;
    }

    /** {@code base} plus each candidate in turn. */
    static List<List<Neuron>> plusEach(List<Neuron> base, List<Neuron> candidates) {
        List<List<Neuron>> out = new ArrayList<>();
        for (Neuron c : candidates) {
            List<Neuron> set = new ArrayList<>(base);
            set.add(c);
            out.add(set);
        }
        return out;
    }
}
