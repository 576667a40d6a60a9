package org.knlab.editing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.attribution.Neuron;
import org.knlab.errors.InvalidInputException;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.intervention.ControlSets;
import org.knlab.intervention.MaskActivations;
import org.knlab.nn.ActivationCapture;
import org.knlab.nn.BertModel;
import org.knlab.nn.HookPoint;
import org.knlab.nn.Hooks;
import org.knlab.nn.TokenBatch;
import org.knlab.nn.WeightPatches;
import org.knlab.testing.TinyBert;
import org.knlab.testing.TinyModels;

/** The edit rules, their undoing, the matched controls and the residual-stream control, on a tiny BERT. */
class EditTest {

    private static final String TEXT = "baku is the capital of [MASK] .";

    @TempDir
    Path store;

    @Test
    void bothRulesEqualAHandComputation() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(5), store)) {
            int t = model.tokenizer().singleTokenId("azerbaijan", "t");
            int tNew = model.tokenizer().singleTokenId("france", "t'");
            List<Neuron> set = List.of(new Neuron(0, 3), new Neuron(1, 17));
            ValueEdit authors = ValueEdit.of(model, set, EditRule.AUTHORS, t, tNew, 1, 8);
            ValueEdit eleuther = ValueEdit.of(model, set, EditRule.ELEUTHER, t, tNew, 1, 8);
            try (NDManager scope = model.newScope()) {
                float[] eOld = model.inputEmbedding(scope, t).toFloatArray();
                float[] eNew = model.inputEmbedding(scope, tNew).toFloatArray();
                for (int i = 0; i < set.size(); i++) {
                    float[] v = model.valueVector(
                                    scope, set.get(i).layer(), set.get(i).index())
                            .toFloatArray();
                    double down = norm(v) / norm(eOld);
                    double up = 8 * norm(v) / norm(eNew);
                    for (int j = 0; j < v.length; j++) {
                        assertEquals(
                                -down * eOld[j] + up * eNew[j], authors.delta(i)[j], 1e-5, "authors " + i + "," + j);
                        assertEquals(
                                -2.0 * eOld[j] + 2.0 * eNew[j], eleuther.delta(i)[j], 1e-5, "eleuther " + i + "," + j);
                    }
                }
            }
        }
    }

    @Test
    void everyEditAndControlIsUndoneBitForBit() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(6), store)) {
            List<Neuron> set = List.of(new Neuron(0, 3), new Neuron(1, 17), new Neuron(1, 4));
            float[][] before = allValueVectors(model);
            ValueEdit edit = ValueEdit.of(model, set, EditRule.AUTHORS, 10, 12, 1, 8);
            List<ValueEdit> all = new ArrayList<>(List.of(edit));
            for (List<Neuron> c : ControlSets.matchedRandom(set, TinyBert.INTERMEDIATE, 3, 1)) {
                all.add(ValueEdit.of(model, c, EditRule.ELEUTHER, 10, 12, 1, 8).scaledTo(edit.frobenius()));
            }
            for (ValueEdit e : all) {
                try (NDManager scope = model.newScope();
                        WeightPatches p = e.apply(scope)) {
                    assertFalse(sameBits(before, allValueVectors(model)), "the edit changes the weights");
                }
                assertTrue(sameBits(before, allValueVectors(model)), "undone bit for bit");
            }
        }
    }

    @Test
    void controlsAreMatchedInCountLayersAndFrobeniusNorm() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(7), store)) {
            List<Neuron> set = List.of(new Neuron(0, 3), new Neuron(1, 17), new Neuron(1, 4));
            ValueEdit edit = ValueEdit.of(model, set, EditRule.AUTHORS, 10, 12, 1, 8);
            float[][] activations = MaskActivations.of(model, List.of(TEXT)).values()[0];
            List<List<Neuron>> controls = new ArrayList<>(ControlSets.matchedRandom(set, TinyBert.INTERMEDIATE, 4, 2));
            controls.add(ControlSets.topScoring(set, activations));
            for (List<Neuron> c : controls) {
                assertEquals(ControlSets.layerHistogram(set), ControlSets.layerHistogram(c));
                assertTrue(c.stream().noneMatch(set::contains));
                ValueEdit scaled =
                        ValueEdit.of(model, c, EditRule.AUTHORS, 10, 12, 1, 8).scaledTo(edit.frobenius());
                assertEquals(edit.frobenius(), scaled.frobenius(), 1e-5 * edit.frobenius());
            }
        }
    }

    @Test
    void theResidualControlAddsExactlyTheRequestedVector() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(8), store)) {
            ClozeBatch batch = ClozeBatch.of(model.tokenizer(), List.of(TEXT));
            float[] v = new float[TinyBert.HIDDEN];
            for (int j = 0; j < v.length; j++) {
                v[j] = 0.25f * (j - 7);
            }
            Hooks hooks = EditExperiment.residualHooks(batch, List.of(v), TinyBert.LAYERS);
            ActivationCapture changed = new ActivationCapture();
            hooks.add(HookPoint.residPost(0), changed); // runs after the addition
            TokenBatch two =
                    TokenBatch.of(batch.tokens().rows()[0], batch.tokens().rows()[0]);
            try (NDManager scope = model.newScope()) {
                ActivationCapture clean = new ActivationCapture();
                model.encode(scope, two, Hooks.none().add(HookPoint.residPost(0), clean));
                model.encode(scope, two, hooks);
                float[] diff = changed.value().sub(clean.value()).toFloatArray();
                int len = two.length();
                int mask = batch.maskPositions()[0];
                for (int pos = 0; pos < len; pos++) {
                    for (int j = 0; j < v.length; j++) {
                        float expected = pos == mask ? v[j] : 0f; // row 0 = layer 0's copy
                        assertEquals(expected, diff[pos * v.length + j], 1e-6, "row 0 pos " + pos + " dim " + j);
                        assertEquals(0f, diff[(len + pos) * v.length + j], 0f, "row 1 is added at layer 1 only");
                    }
                }
            }
        }
    }

    /**
     * In the last block nothing but the [MASK] position reaches the MLM output at [MASK], so there adding
     * ΔW·a at [MASK] must give exactly the edited model's output.
     */
    @Test
    void atTheNeuronsOwnLayerTheResidualControlReproducesTheEdit() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(9), store)) {
            int last = TinyBert.LAYERS - 1;
            List<Neuron> set = List.of(new Neuron(last, 5), new Neuron(last, 20));
            ValueEdit edit = ValueEdit.of(model, set, EditRule.AUTHORS, 12, 10, 1, 8);
            ClozeBatch batch = ClozeBatch.of(model.tokenizer(), List.of(TEXT));
            int mask = batch.maskPositions()[0];
            float[] vector =
                    edit.outputChange(MaskActivations.of(model, List.of(TEXT)).values()[0]);
            int[] row = batch.tokens().rows()[0];
            float[] residual = TinyModels.logits(
                    model,
                    TokenBatch.of(row, row),
                    new int[] {mask, mask},
                    EditExperiment.residualHooks(batch, List.of(vector), TinyBert.LAYERS));
            float[] edited;
            float[] clean = TinyModels.logits(model, TokenBatch.of(row), new int[] {mask}, Hooks.none());
            try (NDManager scope = model.newScope();
                    WeightPatches p = edit.apply(scope)) {
                edited = TinyModels.logits(model, TokenBatch.of(row), new int[] {mask}, Hooks.none());
            }
            int vocab = edited.length;
            float[] atLast = java.util.Arrays.copyOfRange(residual, vocab, 2 * vocab);
            assertArrayEquals(edited, atLast, 1e-4f);
            assertTrue(maxDiff(clean, edited) > 1e-2, "the edit does something");
        }
    }

    @Test
    void outOfRangeLambdaIsAnErrorNamingIt() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> new EditFactSettings(
                        null, null, null, null, null, 1000.0, null, null, null, null, null, null, null, null, null,
                        null));
        assertEquals("lambda2", e.field());
    }

    @Test
    void theFilterDropsNeuronsInMoreThanTheShareOfThePool() {
        List<org.knlab.neurons.NeuronSet> pool = new ArrayList<>();
        for (int f = 0; f < 10; f++) {
            List<org.knlab.attribution.KnowledgeNeuron> ns =
                    new ArrayList<>(List.of(org.knlab.attribution.KnowledgeNeuron.at(10, 2484)));
            if (f < 2) {
                ns.add(org.knlab.attribution.KnowledgeNeuron.at(9, f));
                ns.add(org.knlab.attribution.KnowledgeNeuron.at(8, 1));
            }
            pool.add(new org.knlab.neurons.NeuronSet("u" + f, "P36", "x", ns, null, null, null));
        }
        // (10, 2484) in 10/10 facts and (8, 1) in 2/10 are dropped at 10%; (9, 0) and (9, 1) in 1/10 are not
        assertEquals(java.util.Set.of(new Neuron(10, 2484), new Neuron(8, 1)), EditPlanner.hubs(pool, 0.1));
    }

    private static float[][] allValueVectors(BertModel model) {
        float[][] out = new float[TinyBert.LAYERS * TinyBert.INTERMEDIATE][];
        try (NDManager scope = model.newScope()) {
            for (int l = 0; l < TinyBert.LAYERS; l++) {
                for (int i = 0; i < TinyBert.INTERMEDIATE; i++) {
                    NDArray v = model.valueVector(scope, l, i);
                    out[l * TinyBert.INTERMEDIATE + i] = v.toFloatArray();
                }
            }
        }
        return out;
    }

    private static boolean sameBits(float[][] a, float[][] b) {
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                if (Float.floatToRawIntBits(a[i][j]) != Float.floatToRawIntBits(b[i][j])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    private static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
