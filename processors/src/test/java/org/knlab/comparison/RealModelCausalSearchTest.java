package org.knlab.comparison;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.knlab.attribution.Neuron;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.nn.BertModel;
import org.knlab.testing.RealModel;

/** On bert-base-cased, a few restarted batched ablations equal one full forward pass each. */
class RealModelCausalSearchTest {

    @Test
    void restartedAblationsEqualFullPassesOnBertBaseCased() {
        BertModel model = RealModel.bertBaseCased();
        ClozeBatch prompts = ClozeBatch.of(
                model.tokenizer(),
                List.of("Baku is the capital of [MASK].", "The capital city of Azerbaijan is [MASK]."));
        int gold = model.tokenizer().singleTokenId("Baku", "gold");
        List<Neuron> candidates = List.of(
                new Neuron(11, 100), new Neuron(11, 2999), new Neuron(9, 2000), new Neuron(6, 1), new Neuron(0, 7));
        for (List<Neuron> base : List.of(List.<Neuron>of(), List.of(new Neuron(10, 50), new Neuron(3, 3000)))) {
            double[] fast =
                    new AblationEffects(model, 4, new SearchCost.Counter()).meanGold(prompts, gold, base, candidates);
            double[] slow = OneAtATime.meanGold(model, prompts, gold, OneAtATime.plusEach(base, candidates));
            for (int i = 0; i < fast.length; i++) {
                assertEquals(slow[i], fast[i], 1e-5, candidates.get(i) + " with base " + base);
            }
        }
    }
}
