package org.knlab.comparison;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.attribution.HeldOutSplit;
import org.knlab.attribution.KnowledgeNeuron;
import org.knlab.attribution.KnowledgeNeuronFinder.FactPrompts;
import org.knlab.attribution.Neuron;
import org.knlab.data.ParaRel;
import org.knlab.errors.InvalidParameterException;
import org.knlab.experiments.ProgressListener;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.neurons.NeuronSet;
import org.knlab.nn.BertModel;
import org.knlab.settings.StepParams;
import org.knlab.testing.TinyBert;
import org.knlab.testing.TinyModels;

/** The causal search on a tiny BERT: exact against one pass per ablation, deterministic, k distinct neurons. */
class CausalSearchTest {

    private static final List<String> PROMPTS = List.of(
            "baku is the capital of [MASK] .",
            "the capital of [MASK] .",
            "he was born in the city of [MASK] , japan .");

    @TempDir
    Path store;

    private static List<Neuron> everyNeuron() {
        List<Neuron> all = new ArrayList<>();
        for (int l = 0; l < TinyBert.LAYERS; l++) {
            for (int i = 0; i < TinyBert.INTERMEDIATE; i++) {
                all.add(new Neuron(l, i));
            }
        }
        return all;
    }

    @Test
    void restartedBatchedAblationsEqualOneFullPassEach() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(21), store)) {
            ClozeBatch prompts = ClozeBatch.of(model.tokenizer(), PROMPTS);
            int gold = model.tokenizer().singleTokenId("azerbaijan", "gold");
            List<Neuron> base = List.of(new Neuron(0, 3), new Neuron(1, 17), new Neuron(1, 2));
            for (List<Neuron> b : List.of(List.<Neuron>of(), base)) {
                List<Neuron> candidates =
                        everyNeuron().stream().filter(n -> !b.contains(n)).toList();
                // maxRows 7: chunks that split a layer's candidates, so chunking is covered too
                double[] fast =
                        new AblationEffects(model, 7, new SearchCost.Counter()).meanGold(prompts, gold, b, candidates);
                double[] slow = OneAtATime.meanGold(model, prompts, gold, OneAtATime.plusEach(b, candidates));
                for (int i = 0; i < fast.length; i++) {
                    assertEquals(slow[i], fast[i], 1e-5, candidates.get(i) + " with base " + b);
                }
            }
        }
    }

    @Test
    void greedySearchIsDeterministicStartsWithTheBestSingleNeuronAndPicksDistinctNeurons() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(22), store)) {
            ClozeBatch prompts = ClozeBatch.of(model.tokenizer(), PROMPTS);
            int gold = model.tokenizer().singleTokenId("france", "gold");
            float[][] scores = randomScores(5);
            CausalSearch search = new CausalSearch(model, 16);
            CausalSearch.Result a = search.run(prompts, gold, scores, 20, 20, 6);
            CausalSearch.Result b = new CausalSearch(model, 64).run(prompts, gold, scores, 20, 20, 6);
            assertEquals(a.chosen(), b.chosen(), "same picks, whatever the batching");
            assertEquals(NeuronRanking.top(scores, 20), a.pool());
            int best = 0;
            for (int i = 1; i < a.singleEffects().length; i++) {
                best = a.singleEffects()[i] < a.singleEffects()[best] ? i : best;
            }
            assertEquals(a.pool().get(best), a.chosen().get(0));
            assertEquals(6, new HashSet<>(a.chosen()).size());
            assertTrue(a.pool().containsAll(a.chosen()));
            for (int k = 1; k <= 6; k++) {
                double joint = OneAtATime.meanGold(model, prompts, gold, List.of(a.first(k)))[0];
                assertEquals(joint, a.afterEachPick()[k - 1], 1e-5, "pick " + k + " is checked by a real pass");
            }
            assertTrue(a.cost().passes() > 0 && a.cost().rows() > 0);
        }
    }

    @Test
    void aShortlistReChecksFewerCandidatesAndStillPicksByRealJointPasses() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(23), store)) {
            ClozeBatch prompts = ClozeBatch.of(model.tokenizer(), PROMPTS);
            int gold = model.tokenizer().singleTokenId("france", "gold");
            float[][] scores = randomScores(9);
            CausalSearch search = new CausalSearch(model, 64);
            CausalSearch.Result exact = search.run(prompts, gold, scores, 24, 24, 8);
            CausalSearch.Result lazy = search.run(prompts, gold, scores, 24, 4, 8);
            assertEquals(
                    lazy.chosen(), search.run(prompts, gold, scores, 24, 4, 8).chosen(), "deterministic");
            assertEquals(exact.chosen().get(0), lazy.chosen().get(0), "the first pick sees the whole pool");
            assertTrue(lazy.cost().rows() < exact.cost().rows(), lazy.cost() + " vs " + exact.cost());
            assertEquals(8, new HashSet<>(lazy.chosen()).size());
            for (int k = 1; k <= 8; k++) {
                double joint = OneAtATime.meanGold(model, prompts, gold, List.of(lazy.first(k)))[0];
                assertEquals(joint, lazy.afterEachPick()[k - 1], 1e-5, "pick " + k + " is checked by a real pass");
            }
            assertEquals(
                    exact.chosen(),
                    search.run(prompts, gold, scores, 24, 100, 8).chosen(),
                    "a shortlist beyond the pool is the exact greedy search");
        }
    }

    @Test
    void everyMethodsSetHasExactlyKDistinctNeurons() {
        float[][] scores = randomScores(7);
        scores[1][3] = scores[1][4] = 5f; // ties are broken by neuron order
        for (int k : List.of(1, 2, 5, 20, 64)) {
            List<Neuron> top = NeuronRanking.top(scores, k);
            assertEquals(k, new HashSet<>(top).size());
            assertEquals(new Neuron(1, 3), top.get(0));
            List<Neuron> random = NeuronRanking.random(TinyBert.LAYERS, TinyBert.INTERMEDIATE, k, 9);
            assertEquals(k, new HashSet<>(random).size());
            assertEquals(random, NeuronRanking.random(TinyBert.LAYERS, TinyBert.INTERMEDIATE, k, 9));
        }
    }

    @Test
    void selectionAndEvaluationPromptsNeverOverlap() {
        for (int prompts = 2; prompts <= 40; prompts++) {
            for (double share : List.of(0.05, 0.25, 0.5, 0.9)) {
                HeldOutSplit s = HeldOutSplit.of(prompts, share, prompts * 31L);
                NeuronSet set = new NeuronSet("f", "P1", "x", List.of(), s.selection(), s.heldOut(), null);
                MethodComparison.requireDisjoint(set); // throws on overlap or nothing held out
                assertEquals(prompts, s.selection().size() + s.heldOut().size());
            }
        }
        assertThrows(
                IllegalStateException.class,
                () -> MethodComparison.requireDisjoint(new NeuronSet(
                        "f", "P1", "x", List.of(KnowledgeNeuron.at(0, 1)), List.of(0, 1), List.of(1, 2), null)));
    }

    @Test
    void badParametersNameTheirField() throws IOException {
        assertEquals("methods", field("{\"methods\": [\"ig\", \"telepathy\"]}"));
        assertEquals("ks[1]", field("{\"ks\": [1, 0]}"));
        assertEquals("ks[0]", field("{\"ks\": [65]}"));
        assertEquals("ks[0]", field("{\"ks\": [9], \"candidates\": 8}"));
        assertEquals("heldOut", field("{\"heldOut\": 0}"));
    }

    @Test
    void aFactWithOnePromptHasNothingToHoldOut() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(23), store)) {
            MethodComparison comparison =
                    new MethodComparison(model, ParaRel.load(), StepParams.defaults(CompareMethodsSettings.class), 0);
            InvalidParameterException e = assertThrows(
                    InvalidParameterException.class,
                    () -> comparison.run(
                            List.of(new FactPrompts("f1", "P1", "paris", List.of("the capital of [MASK] ."))),
                            ProgressListener.NONE));
            assertEquals("heldOut", e.field());
            assertTrue(e.getMessage().contains("f1"), e.getMessage());
        }
    }

    private static String field(String params) throws IOException {
        var json = new ObjectMapper().readTree(params);
        return assertThrows(InvalidParameterException.class, () -> StepParams.read(json, CompareMethodsSettings.class))
                .field();
    }

    private static float[][] randomScores(long seed) {
        Random rnd = new Random(seed);
        float[][] s = new float[TinyBert.LAYERS][TinyBert.INTERMEDIATE];
        for (float[] layer : s) {
            for (int i = 0; i < layer.length; i++) {
                layer[i] = rnd.nextFloat();
            }
        }
        return s;
    }
}
