package org.knlab.intervention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.knlab.attribution.AttributionMethod;
import org.knlab.attribution.AttributionOptions;
import org.knlab.attribution.AttributionResult;
import org.knlab.attribution.Attributor;
import org.knlab.attribution.HeldOutSplit;
import org.knlab.attribution.KnowledgeNeuron;
import org.knlab.attribution.Neuron;
import org.knlab.attribution.Quadrature;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.experiments.ProgressListener;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.neurons.NeuronSet;
import org.knlab.nn.BertModel;
import org.knlab.testing.RealModel;

/** Every intervention, evaluation set and control on bert-base-cased, for one fact. */
class RealModelInterventionTest {

    private final BertModel model = RealModel.bertBaseCased();
    private final ParaRel pararel = ParaRel.load();

    @Test
    void aFactsStrongestNeuronsBeatTheirMatchedControlsAndEveryCellIsFilled() {
        Fact fact = pararel.facts("P103").stream()
                .filter(f -> f.object().equals("French"))
                .findFirst()
                .orElseThrow();
        List<String> prompts = pararel.prompts(fact);
        HeldOutSplit split = HeldOutSplit.of(prompts.size(), 0.25, 1);
        List<KnowledgeNeuron> neurons = strongest(
                split.selection().stream().map(prompts::get).toList(),
                model.tokenizer().singleTokenId(fact.object(), "gold"),
                5);
        NeuronSet f = new NeuronSet(
                fact.uuid(), fact.relation(), fact.object(), neurons, split.selection(), split.heldOut(), 0.7);
        InterventionSettings settings = new InterventionSettings(
                Arrays.asList(InterventionKind.values()),
                2.0,
                Arrays.asList(EvaluationSet.values()),
                4,
                true,
                2,
                2,
                16,
                200,
                256,
                0,
                null,
                null,
                null,
                null);
        List<InterventionExperiment.FactRecord> records = new InterventionExperiment(model, pararel, settings, 5)
                .run(List.of(f), Map.of(), ProgressListener.NONE);
        InterventionExperiment.FactRecord r = records.get(0);
        for (EvaluationSet set : EvaluationSet.values()) {
            assertEquals(1, r.evaluatedFacts().get(set.id()).size(), set.id());
            assertEquals(
                    Set.of(InterventionKind.values()), r.cells().get(set.id()).keySet(), set.id());
        }
        assertEquals(
                Set.of(InterventionKind.values()),
                r.cells().get(InterventionExperiment.PERPLEXITY).keySet());
        InterventionExperiment.Cell own = r.cells().get("own").get(InterventionKind.SUPPRESS);
        assertEquals(split.selection().size(), own.neurons().size());
        assertEquals(4, own.controls().size());
        assertNotNull(own.gradientMatched());
        assertEquals(
                2,
                r.cells()
                        .get(InterventionExperiment.PERPLEXITY)
                        .get(InterventionKind.SUPPRESS)
                        .controls()
                        .size());

        InterventionSummary.Tables tables = InterventionSummary.of(records, 200, 5);
        InterventionSummary.Row suppressOwn = tables.rows().stream()
                .filter(x -> x.group().equals("all")
                        && x.evaluation().equals("own")
                        && x.intervention().equals("suppress"))
                .findFirst()
                .orElseThrow();
        // The top gradient × activation neurons of these prompts carry their prediction; random ones do not.
        assertTrue(
                suppressOwn.neurons().ratioOfMeans()
                        < suppressOwn.ratioOfMeansVsControls().controlMean() - 0.05,
                "suppressing the strongest neurons: " + suppressOwn.neurons() + " vs controls "
                        + suppressOwn.ratioOfMeansVsControls());
        assertTrue(suppressOwn.ratioOfMeansCi().low() <= suppressOwn.neurons().ratioOfMeans()
                && suppressOwn.neurons().ratioOfMeans()
                        <= suppressOwn.ratioOfMeansCi().high());
        InterventionSummary.Row amplifyOwn = tables.rows().stream()
                .filter(x -> x.group().equals("all")
                        && x.evaluation().equals("own")
                        && x.intervention().equals("amplify"))
                .findFirst()
                .orElseThrow();
        assertTrue(amplifyOwn.neurons().ratioOfMeans() > 0, "amplifying them raises the gold probability");
        InterventionSummary.PerplexityRow ppl = tables.perplexity().get(0);
        assertTrue(ppl.before() > 1 && ppl.before() < 1000, "pseudo-perplexity of true sentences: " + ppl.before());
    }

    /**
     * In a batched pass the rows of a set that changes nothing still move by rounding (a KL of ~3e-8
     * here); an empty set — a hub-free set of hubs only — gets the clean outcomes exactly.
     */
    @Test
    void anEmptySetAmongOthersChangesNothingExactly() {
        Fact fact = pararel.facts("P103").get(0);
        List<String> prompts = pararel.prompts(fact).subList(0, 4);
        int[] gold = new int[prompts.size()];
        Arrays.fill(gold, model.tokenizer().singleTokenId(fact.object(), "gold"));
        List<List<Neuron>> sets = List.of(
                List.of(new Neuron(9, 100), new Neuron(10, 2000)),
                List.of(new Neuron(9, 5)),
                List.of(new Neuron(10, 7), new Neuron(11, 3)),
                List.of());
        List<List<PromptOutcome>> out = new InterventionRunner(model, 256)
                .run(ClozeBatch.of(model.tokenizer(), prompts), gold, Intervention.amplify(2f), sets);
        for (int p = 0; p < prompts.size(); p++) {
            PromptOutcome o = out.get(3).get(p);
            assertEquals(0.0, o.kl(), "prompt " + p);
            assertEquals(o.logProbBefore(), o.logProbAfter(), "prompt " + p);
            assertEquals(out.get(0).get(p).logProbBefore(), o.logProbBefore());
            assertTrue(out.get(0).get(p).kl() > 0);
        }
    }

    @Test
    void pseudoPerplexityRanksAFluentSentenceBelowItsScrambledWords() {
        PerplexitySentences fluent =
                PerplexitySentences.of(model.tokenizer(), List.of("The capital of France is Paris."));
        PerplexitySentences scrambled =
                PerplexitySentences.of(model.tokenizer(), List.of("Paris France capital The is of."));
        assertEquals(7, fluent.rows().size());
        for (int r = 0; r < fluent.rows().size(); r++) {
            int[] ids = fluent.rows().tokens().rows()[r];
            assertEquals("[MASK]", model.tokenizer().token(ids[fluent.rows().maskPositions()[r]]));
        }
        assertTrue(perplexity(fluent) * 5 < perplexity(scrambled), perplexity(fluent) + " vs " + perplexity(scrambled));
    }

    private double perplexity(PerplexitySentences s) {
        return EffectSummary.perplexity(new InterventionRunner(model, 64)
                .run(s.rows(), s.gold(), Intervention.suppress(), List.of(List.of()))
                .get(0))[0];
    }

    /** The top neurons by gradient × activation summed over the prompts: cheap stand-ins for knowledge neurons. */
    private List<KnowledgeNeuron> strongest(List<String> prompts, int gold, int k) {
        List<AttributionResult> results = new Attributor(model)
                .attribute(
                        prompts,
                        gold,
                        new AttributionOptions(AttributionMethod.GRAD_X_ACT, Quadrature.LEFT_RIEMANN, 1, 0, 64),
                        ProgressListener.NONE);
        List<KnowledgeNeuron> all = new ArrayList<>();
        for (int l = 0; l < model.config().numLayers(); l++) {
            for (int i = 0; i < model.config().intermediateSize(); i++) {
                double s = 0;
                for (AttributionResult r : results) {
                    s += r.scores()[l][i];
                }
                all.add(new KnowledgeNeuron(l, i, prompts.size(), s));
            }
        }
        all.sort(Comparator.comparingDouble(KnowledgeNeuron::meanScore).reversed());
        return all.subList(0, k);
    }
}
