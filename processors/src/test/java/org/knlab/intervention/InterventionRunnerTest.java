package org.knlab.intervention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.attribution.Neuron;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.nn.BertModel;
import org.knlab.nn.HookPoint;
import org.knlab.nn.Hooks;
import org.knlab.nn.NeuronIntervention;
import org.knlab.nn.TokenBatch;
import org.knlab.testing.ReferenceBert;
import org.knlab.testing.TinyBert;
import org.knlab.testing.TinyModels;

/** Interventions are exact, on a tiny BERT checked against the plain double-precision reference. */
class InterventionRunnerTest {

    private static final String TEXT = "baku is the capital of [MASK] .";
    private static final String SHORT = "the capital of [MASK] .";

    @TempDir
    Path store;

    @Test
    void suppressingANeuronEqualsRemovingItsValueVectorsContribution() throws IOException {
        TinyBert tiny = new TinyBert(11);
        try (BertModel model = TinyModels.load(tiny, store)) {
            int gold = model.tokenizer().singleTokenId("azerbaijan", "gold");
            int[] ids = TinyModels.ids(model, TEXT);
            int mask = TinyModels.maskPosition(model, TEXT);
            float[][][] clean = MaskActivations.of(model, List.of(TEXT)).values();
            ReferenceBert ref = new ReferenceBert(tiny);
            double[] refBefore = ReferenceBert.softmax(ref.logits(ids, mask));
            List<Neuron> neurons = List.of(new Neuron(0, 3), new Neuron(1, 17));
            List<List<PromptOutcome>> out = new InterventionRunner(model, 64)
                    .run(
                            ClozeBatch.of(model.tokenizer(), List.of(TEXT)),
                            new int[] {gold},
                            Intervention.suppress(),
                            List.of(List.of(neurons.get(0)), List.of(neurons.get(1))));
            for (int s = 0; s < neurons.size(); s++) {
                Neuron n = neurons.get(s);
                // Hook-free: the reference adds −a to the activation, i.e. subtracts a·v from the FFN output.
                double[] refAfter = ReferenceBert.softmax(
                        ref.logits(ids, mask, n.layer(), mask, n.index(), -clean[0][n.layer()][n.index()]));
                PromptOutcome o = out.get(s).get(0);
                assertEquals(refBefore[gold], o.before(), 1e-5);
                assertEquals(refAfter[gold], o.after(), 1e-5);
                assertEquals(kl(refBefore, refAfter), o.kl(), 1e-5);
                assertNotEquals(o.before(), o.after());
            }
        }
    }

    @Test
    void replacingAnActivationSetsItToTheGivenValue() throws IOException {
        TinyBert tiny = new TinyBert(12);
        try (BertModel model = TinyModels.load(tiny, store)) {
            int gold = model.tokenizer().singleTokenId("azerbaijan", "gold");
            int[] ids = TinyModels.ids(model, TEXT);
            int mask = TinyModels.maskPosition(model, TEXT);
            Neuron n = new Neuron(1, 5);
            float a = MaskActivations.of(model, List.of(TEXT)).values()[0][1][5];
            PromptOutcome o = new InterventionRunner(model, 64)
                    .run(
                            ClozeBatch.of(model.tokenizer(), List.of(TEXT)),
                            new int[] {gold},
                            Intervention.replace(InterventionKind.MEAN_ABLATION, (x, p) -> 1.5f),
                            List.of(List.of(n)))
                    .get(0)
                    .get(0);
            double[] ref = ReferenceBert.softmax(new ReferenceBert(tiny).logits(ids, mask, 1, mask, 5, 1.5 - a));
            assertEquals(ref[gold], o.after(), 1e-5);
        }
    }

    @Test
    void amplifyingByOneIsTheIdentity() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(13), store)) {
            int gold = model.tokenizer().singleTokenId("paris", "gold");
            List<Neuron> all = new ArrayList<>();
            for (int i = 0; i < TinyBert.INTERMEDIATE; i++) {
                all.add(new Neuron(0, i));
                all.add(new Neuron(1, i));
            }
            for (PromptOutcome o : new InterventionRunner(model, 64)
                    .run(
                            ClozeBatch.of(model.tokenizer(), List.of(TEXT, SHORT)),
                            new int[] {gold, gold},
                            Intervention.amplify(1f),
                            List.of(all))
                    .get(0)) {
                assertEquals(o.logProbBefore(), o.logProbAfter(), 0.0);
                assertEquals(0.0, o.kl(), 0.0);
            }
        }
    }

    @Test
    void zeroValueSlotsEqualSuppressingTheNeuronsAtEveryPositionAndAreUndone() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(14), store);
                NDManager scope = model.newScope()) {
            int gold = model.tokenizer().singleTokenId("france", "gold");
            int[] ids = TinyModels.ids(model, TEXT);
            int mask = TinyModels.maskPosition(model, TEXT);
            float[] slotBefore = model.valueVector(scope, 1, 9).toFloatArray();
            List<Neuron> set = List.of(new Neuron(1, 9), new Neuron(1, 2), new Neuron(0, 30));
            PromptOutcome zero = new InterventionRunner(model, 64)
                    .run(
                            ClozeBatch.of(model.tokenizer(), List.of(TEXT)),
                            new int[] {gold},
                            Intervention.valueSlot(InterventionKind.ZERO_SLOT),
                            List.of(set))
                    .get(0)
                    .get(0);
            Hooks everywhere = Hooks.none();
            for (Neuron n : set) {
                NeuronIntervention edit = new NeuronIntervention();
                for (int pos = 0; pos < ids.length; pos++) {
                    edit.set(0, pos, n.index(), 0f);
                }
                everywhere.add(HookPoint.mlpPost(n.layer()), edit);
            }
            double[] p = softmax(TinyModels.logits(model, TokenBatch.of(ids), new int[] {mask}, everywhere));
            assertEquals(p[gold], zero.after(), 1e-6);
            PromptOutcome unk = new InterventionRunner(model, 64)
                    .run(
                            ClozeBatch.of(model.tokenizer(), List.of(TEXT)),
                            new int[] {gold},
                            Intervention.valueSlot(InterventionKind.UNK_SLOT),
                            List.of(set))
                    .get(0)
                    .get(0);
            assertNotEquals(zero.after(), unk.after());
            assertArrayEquals(slotBefore, model.valueVector(scope, 1, 9).toFloatArray());
            assertEquals(zero.before(), unk.before(), 0.0);
            double[] clean = softmax(TinyModels.logits(model, TokenBatch.of(ids), new int[] {mask}, Hooks.none()));
            assertEquals(clean[gold], zero.before(), 1e-7);
        }
    }

    @Test
    void manySetsInPaddedChunksEqualOneSetAtATime() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(15), store)) {
            int gold = model.tokenizer().singleTokenId("paris", "gold");
            ClozeBatch batch = ClozeBatch.of(model.tokenizer(), List.of(TEXT, SHORT));
            List<List<Neuron>> sets =
                    ControlSets.matchedRandom(List.of(new Neuron(0, 1), new Neuron(1, 2)), TinyBert.INTERMEDIATE, 7, 3);
            List<List<PromptOutcome>> together =
                    new InterventionRunner(model, 6).run(batch, new int[] {gold, gold}, Intervention.suppress(), sets);
            assertEquals(7, together.size());
            for (int s = 0; s < sets.size(); s++) {
                List<PromptOutcome> alone = new InterventionRunner(model, 64)
                        .run(batch, new int[] {gold, gold}, Intervention.suppress(), List.of(sets.get(s)))
                        .get(0);
                for (int p = 0; p < 2; p++) {
                    assertEquals(
                            alone.get(p).logProbAfter(), together.get(s).get(p).logProbAfter(), 1e-5);
                    assertEquals(alone.get(p).kl(), together.get(s).get(p).kl(), 1e-6);
                }
            }
            assertTrue(together.stream().anyMatch(o -> o.get(0).kl() > 0));
        }
    }

    @Test
    void anEmptySetChangesNothingExactlyAndLeavesTheOtherSetsInPlace() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(17), store)) {
            int gold = model.tokenizer().singleTokenId("paris", "gold");
            int[] golds = {gold, gold};
            ClozeBatch batch = ClozeBatch.of(model.tokenizer(), List.of(TEXT, SHORT));
            List<Neuron> a = List.of(new Neuron(0, 1));
            List<Neuron> b = List.of(new Neuron(1, 2), new Neuron(1, 9));
            InterventionRunner runner = new InterventionRunner(model, 64);
            for (Intervention iv :
                    List.of(Intervention.amplify(3f), Intervention.valueSlot(InterventionKind.ZERO_SLOT))) {
                List<List<PromptOutcome>> with = runner.run(batch, golds, iv, List.of(a, List.of(), b, List.of()));
                List<List<PromptOutcome>> without = runner.run(batch, golds, iv, List.of(a, b));
                assertEquals(4, with.size(), iv.kind().id());
                assertEquals(without.get(0), with.get(0), iv.kind().id());
                assertEquals(without.get(1), with.get(2), iv.kind().id());
                for (int p = 0; p < 2; p++) {
                    for (List<PromptOutcome> empty : List.of(with.get(1), with.get(3))) {
                        PromptOutcome o = empty.get(p);
                        assertEquals(with.get(0).get(p).logProbBefore(), o.logProbBefore());
                        assertEquals(o.logProbBefore(), o.logProbAfter());
                        assertEquals(o.rankBefore(), o.rankAfter());
                        assertEquals(0.0, o.kl());
                    }
                }
            }
            // every set empty: no pass at all, the clean outcomes
            List<PromptOutcome> none = runner.run(batch, golds, Intervention.suppress(), List.of(List.of()))
                    .get(0);
            assertEquals(0.0, none.get(1).kl());
        }
    }

    @Test
    void everyKindLeavesNoArraysBehindInTheModel() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(16), store)) {
            int gold = model.tokenizer().singleTokenId("paris", "gold");
            ClozeBatch batch = ClozeBatch.of(model.tokenizer(), List.of(TEXT, SHORT));
            MaskActivations donor = MaskActivations.of(model, List.of(SHORT));
            List<Intervention> all = List.of(
                    Intervention.suppress(),
                    Intervention.amplify(2f),
                    Intervention.replace(InterventionKind.MEAN_ABLATION, donor.mean()),
                    Intervention.replace(InterventionKind.RESAMPLE, donor.resample()),
                    Intervention.valueSlot(InterventionKind.UNK_SLOT),
                    Intervention.valueSlot(InterventionKind.ZERO_SLOT));
            int held = model.heldArrays();
            for (Intervention iv : all) {
                new InterventionRunner(model, 3)
                        .run(
                                batch,
                                new int[] {gold, gold},
                                iv,
                                ControlSets.matchedRandom(
                                        List.of(new Neuron(0, 4), new Neuron(1, 6)), TinyBert.INTERMEDIATE, 4, 9));
                assertEquals(held, model.heldArrays(), iv.kind().id());
            }
        }
    }

    private static double kl(double[] p, double[] q) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += p[i] * Math.log(p[i] / q[i]);
        }
        return s;
    }

    private static double[] softmax(float[] logits) {
        double[] d = new double[logits.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = logits[i];
        }
        return ReferenceBert.softmax(d);
    }
}
