package org.knlab.fillmask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.knlab.nn.Hooks;
import org.knlab.nn.LanguageModel;

/**
 * Scores cloze prompts with one [MASK] each against a gold token, all prompts in one padded batch:
 * the gold probability and whether the gold token is the top-1 prediction.
 */
public final class ClozeScorer {

    /** The outcome of one prompt. */
    public record Score(double goldProbability, boolean top1Correct, int top1TokenId) {}

    private final LanguageModel model;

    public ClozeScorer(LanguageModel model) {
        this.model = model;
    }

    public List<Score> score(List<String> prompts, int goldId, Hooks hooks) {
        ClozeBatch batch = ClozeBatch.of(model.tokenizer(), prompts);
        float[] probs;
        try (NDManager scope = model.newScope()) {
            NDArray hidden = model.encode(scope, batch.tokens(), hooks);
            probs = model.logits(hidden, batch.rows(), batch.maskPositions())
                    .softmax(-1)
                    .toFloatArray();
        }
        int n = batch.size();
        int vocab = probs.length / n;
        List<Score> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int best = i * vocab;
            for (int v = i * vocab; v < (i + 1) * vocab; v++) {
                if (probs[v] > probs[best]) {
                    best = v;
                }
            }
            int top1 = best - i * vocab;
            out.add(new Score(probs[i * vocab + goldId], top1 == goldId, top1));
        }
        return out;
    }
}
