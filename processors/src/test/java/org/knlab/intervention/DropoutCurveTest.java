package org.knlab.intervention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.attribution.KnowledgeNeuron;
import org.knlab.data.ParaRel;
import org.knlab.neurons.NeuronSet;
import org.knlab.nn.BertModel;
import org.knlab.testing.TinyBert;
import org.knlab.testing.TinyModels;

/**
 * The dropout curve is a join of per-fact outcomes: each fact's draws come from the seed and its id,
 * so the curve of a run equals the curve joined from facts measured separately (as shards on
 * different workers would), and neither the order of the facts nor the sample depends on how they
 * arrive.
 */
class DropoutCurveTest {

    private static final List<Double> FRACTIONS = List.of(0.01, 0.1);

    @TempDir
    Path store;

    @Test
    void theCurveIsTheJoinOfFactsMeasuredSeparatelyInAnyOrder() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(41), store)) {
            ParaRel pararel = ParaRel.load();
            List<NeuronSet> facts = facts(model, pararel, 3);
            DropoutCurve whole = DropoutCurve.run(model, pararel, facts, FRACTIONS, 3, 5, 64);

            EvaluationSets own = new EvaluationSets(pararel, model.tokenizer(), 5);
            List<DropoutCurve.FactDropout> shards = new ArrayList<>();
            for (NeuronSet f : facts) { // one fact per call, as one shard per worker would
                shards.add(DropoutCurve.ofFact(model, own.of(f, EvaluationSet.OWN), f.uuid(), FRACTIONS, 3, 5, 64));
            }
            int total = TinyBert.LAYERS * TinyBert.INTERMEDIATE;
            assertEquals(whole, DropoutCurve.of(shards, FRACTIONS, 3, total));

            DropoutCurve reversed = DropoutCurve.run(model, pararel, reversed(facts), FRACTIONS, 3, 5, 64);
            for (int i = 0; i < FRACTIONS.size(); i++) {
                assertEquals(
                        whole.points().get(i).ratioOfMeans(),
                        reversed.points().get(i).ratioOfMeans(),
                        1e-12);
                assertEquals(
                        whole.points().get(i).accuracyAfter(),
                        reversed.points().get(i).accuracyAfter(),
                        1e-12);
            }
            assertNotEquals(
                    shards.get(0).bySet(),
                    DropoutCurve.ofFact(
                                    model,
                                    own.of(facts.get(0), EvaluationSet.OWN),
                                    facts.get(0).uuid(),
                                    FRACTIONS,
                                    3,
                                    6,
                                    64)
                            .bySet(),
                    "another seed draws other neurons");
        }
    }

    @Test
    void theSampleDependsOnTheSeedAndTheFactsNotOnTheirOrder() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(41), store)) {
            List<NeuronSet> facts = facts(model, ParaRel.load(), 8);
            List<NeuronSet> sample = DropoutCurve.sample(facts, 3, 11);
            assertEquals(3, sample.size());
            assertEquals(new HashSet<>(sample), new HashSet<>(DropoutCurve.sample(reversed(facts), 3, 11)));
            assertEquals(new HashSet<>(facts), new HashSet<>(DropoutCurve.sample(facts, 50, 11)));
        }
    }

    private static List<NeuronSet> reversed(List<NeuronSet> facts) {
        List<NeuronSet> out = new ArrayList<>(facts);
        Collections.reverse(out);
        return out;
    }

    /** Facts whose answer the tiny vocabulary spells in one token, each chosen on its first two prompts. */
    private static List<NeuronSet> facts(BertModel model, ParaRel pararel, int n) {
        return pararel.facts().stream()
                .filter(f -> model.tokenizer().singleToken(f.object()).isPresent()
                        && pararel.prompts(f).size() > 2)
                .limit(n)
                .map(f -> new NeuronSet(
                        f.uuid(),
                        f.relation(),
                        f.object(),
                        List.of(KnowledgeNeuron.at(0, 1)),
                        List.of(0, 1),
                        List.of(2),
                        null))
                .toList();
    }
}
