package org.knlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.fillmask.FillMask;
import org.knlab.nn.BertModel;
import org.knlab.testing.RealModel;

/** The probe on the real model agrees with fill-mask prompt by prompt. */
class ProbeTest {

    @Test
    void probeAgreesWithFillMaskOnEveryPrompt() {
        BertModel model = RealModel.bertBaseCased();
        ParaRel pararel = ParaRel.load();
        List<Fact> facts = pararel.facts("P36").subList(0, 3);
        List<Integer> progress = new ArrayList<>();
        Probe.Result result = new Probe(model, pararel).run(facts, (done, total) -> progress.add(done));
        assertEquals(List.of(1, 2, 3), progress);
        FillMask fillMask = new FillMask(model);
        for (Probe.FactOutcome o : result.facts()) {
            Fact f = pararel.fact(o.uuid()).orElseThrow();
            int correct = 0;
            double pSum = 0;
            for (String prompt : pararel.prompts(f)) {
                var mask = fillMask.run(prompt, 1, f.object()).masks().get(0);
                correct += mask.gold().rank() == 1 ? 1 : 0;
                pSum += mask.gold().probability();
            }
            assertEquals(correct, o.correct(), f.toString());
            assertEquals(pSum / o.prompts(), o.meanGoldProbability(), 1e-4, f.toString());
        }
        assertEquals(1, result.relations().size());
        int correct =
                result.facts().stream().mapToInt(Probe.FactOutcome::correct).sum();
        int prompts =
                result.facts().stream().mapToInt(Probe.FactOutcome::prompts).sum();
        assertEquals((double) correct / prompts, result.overall().top1Accuracy(), 1e-12);
        assertTrue(correct > 0, "bert-base-cased should know some capitals");
    }
}
