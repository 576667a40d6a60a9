package org.knlab.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.errors.InvalidInputException;
import org.knlab.experiments.ProgressListener;
import org.knlab.neurons.NeuronSet;
import org.knlab.nn.BertModel;
import org.knlab.nn.HookPoint;
import org.knlab.nn.Hooks;
import org.knlab.nn.NeuronIntervention;
import org.knlab.nn.TokenBatch;
import org.knlab.testing.RealModel;
import org.knlab.testing.TinyModels;

/** The other attribution methods and the knowledge-neuron pipeline on the real bert-base-cased. */
class AttributorTest {

    private static final String BAKU = "Baku is the capital of [MASK].";
    private final BertModel model = RealModel.bertBaseCased();
    private final Attributor attributor = new Attributor(model);
    private final int gold = model.tokenizer().singleTokenId("Azerbaijan", "gold");

    private AttributionResult run(AttributionMethod method) {
        return attributor
                .attribute(
                        List.of(BAKU),
                        gold,
                        new AttributionOptions(method, Quadrature.LEFT_RIEMANN, 20, 7, 64),
                        ProgressListener.NONE)
                .get(0);
    }

    @Test
    void gradientTimesActivationIsTheFirstOrderTermOfFiniteDifferences() {
        AttributionResult gxa = run(AttributionMethod.GRAD_X_ACT);
        AttributionResult act = run(AttributionMethod.ACTIVATION);
        int layer = 9;
        float[] s = gxa.scores()[layer];
        int[] strongest = IntStream.range(0, s.length)
                .boxed()
                .sorted(Comparator.comparingDouble(i -> -Math.abs(s[i])))
                .limit(3)
                .mapToInt(i -> i)
                .toArray();
        int[] ids = TinyModels.ids(model, BAKU);
        int mask = TinyModels.maskPosition(model, BAKU);
        for (int n : strongest) {
            float a = act.scores()[layer][n];
            float h = 0.02f;
            double fd = (probability(ids, mask, layer, n, h) - probability(ids, mask, layer, n, -h)) / (2 * h);
            assertEquals(fd * a, s[n], 0.05 * Math.abs(s[n]), "neuron " + n);
        }
    }

    private double probability(int[] ids, int mask, int layer, int neuron, float delta) {
        try (NDManager scope = model.newScope()) {
            NDArray hidden = model.encode(
                    scope,
                    TokenBatch.of(ids),
                    Hooks.none().add(HookPoint.mlpPost(layer), new NeuronIntervention().add(0, mask, neuron, delta)));
            return model.logits(hidden, new int[] {0}, new int[] {mask})
                    .softmax(-1)
                    .getFloat(0, gold);
        }
    }

    @Test
    void everyMethodGivesTheSameShapeAndRandomIsSeeded() {
        for (AttributionMethod m : AttributionMethod.values()) {
            AttributionResult r = m == AttributionMethod.IG
                    ? attributor
                            .attribute(
                                    List.of(BAKU),
                                    gold,
                                    new AttributionOptions(m, Quadrature.GAUSS_LEGENDRE, 2, 0, 64),
                                    ProgressListener.NONE)
                            .get(0)
                    : run(m);
            assertEquals(12, r.scores().length, m.id());
            assertEquals(3072, r.scores()[11].length, m.id());
        }
        assertArrayEquals(
                run(AttributionMethod.RANDOM).scores()[3],
                run(AttributionMethod.RANDOM).scores()[3]);
        AttributionResult other = attributor
                .attribute(
                        List.of(BAKU),
                        gold,
                        new AttributionOptions(AttributionMethod.RANDOM, Quadrature.LEFT_RIEMANN, 20, 8, 64),
                        ProgressListener.NONE)
                .get(0);
        assertNotEquals(other.scores()[3][0], run(AttributionMethod.RANDOM).scores()[3][0]);
    }

    @Test
    void knowledgeNeuronsForRealFactsWithHeldOutPrompts() {
        ParaRel pararel = ParaRel.load();
        List<Fact> facts = pararel.facts("P1376").subList(0, 2);
        KnowledgeNeuronFinder.Result r = new KnowledgeNeuronFinder(model)
                .run(
                        facts.stream()
                                .map(f -> KnowledgeNeuronFinder.FactPrompts.of(f, pararel))
                                .toList(),
                        new KnowledgeNeuronsSettings(
                                new AttributionSettings(AttributionMethod.IG, null, Quadrature.GAUSS_LEGENDRE, 4, 64),
                                "authors",
                                null,
                                null,
                                0.25),
                        11,
                        ProgressListener.NONE);
        assertEquals(2, r.facts().size());
        for (NeuronSet f : r.facts()) {
            int n = pararel.prompts(pararel.fact(f.uuid()).orElseThrow()).size();
            assertEquals(n, f.selectionPrompts().size() + f.heldOutPrompts().size());
            assertTrue(!f.heldOutPrompts().isEmpty());
            for (KnowledgeNeuron k : f.neurons()) {
                assertTrue(
                        k.prompts()
                                >= Math.max(
                                        3,
                                        f.promptShare() * f.selectionPrompts().size()),
                        k.toString());
            }
        }
        assertTrue(r.promptShareByRelation().containsKey("P1376"));
        assertEquals(2, r.statistics().facts());
    }

    @Test
    void badInputIsRejected() {
        AttributionOptions paper = AttributionOptions.paper();
        assertThrows(
                InvalidInputException.class,
                () -> attributor.attribute(List.of("Baku is the capital."), gold, paper, ProgressListener.NONE),
                "no mask");
        assertThrows(InvalidInputException.class, () -> model.tokenizer().singleTokenId("Azerbaijanistan", "gold"));
        InvalidInputException steps = assertThrows(
                InvalidInputException.class,
                () -> new AttributionOptions(AttributionMethod.IG, Quadrature.LEFT_RIEMANN, 0, 0, 64));
        assertEquals("steps", steps.field());
        assertThrows(InvalidInputException.class, () -> AttributionMethod.parse("lime"));
        assertThrows(InvalidInputException.class, () -> Quadrature.parse("simpson"));
    }
}
