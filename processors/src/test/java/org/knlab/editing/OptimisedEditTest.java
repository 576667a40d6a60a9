package org.knlab.editing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.attribution.Neuron;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.intervention.InterventionRunner;
import org.knlab.nn.BertModel;
import org.knlab.nn.Hooks;
import org.knlab.nn.WeightPatches;
import org.knlab.testing.TinyBert;
import org.knlab.testing.TinyModels;

/**
 * The optimised edit: its differentiable forward (Δ added through hooks) is the weight patch it is
 * applied as, and its steps raise log P(t′) − log P(t) at a fixed ‖ΔW‖_F.
 */
class OptimisedEditTest {

    private static final String PROMPT = "the capital of france is [MASK] .";

    @TempDir
    Path store;

    /** log P(t′) − log P(t) with the change applied as real value-slot patches. */
    private static double patched(BertModel model, ValueEdit edit, int oldToken, int newToken) {
        ClozeBatch batch = ClozeBatch.of(model.tokenizer(), List.of(PROMPT));
        try (NDManager scope = model.newScope();
                WeightPatches patches = edit.apply(scope)) {
            NDArray lp = model.logits(
                            model.encode(scope, batch.tokens(), Hooks.none()), batch.rows(), batch.maskPositions())
                    .logSoftmax(-1);
            return lp.get(new NDIndex("0, {}", newToken)).getFloat()
                    - lp.get(new NDIndex("0, {}", oldToken)).getFloat();
        }
    }

    /** The same through the optimiser's hooks. */
    private static double hooked(BertModel model, ValueEdit edit, int oldToken, int newToken) {
        ClozeBatch batch = ClozeBatch.of(model.tokenizer(), List.of(PROMPT));
        try (NDManager scope = model.newScope()) {
            return OptimisedEdit.objective(
                            model,
                            scope,
                            batch,
                            edit.neurons(),
                            InterventionRunner.byLayer(edit.neurons()),
                            edit.deltas(),
                            new ArrayList<>(),
                            oldToken,
                            newToken)
                    .getFloat();
        }
    }

    @Test
    void theHookedForwardIsTheWeightPatchAndTheStepsRaiseTheObjectiveAtTheSameNorm() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(9), store)) {
            int paris = model.tokenizer().singleTokenId("paris", "t");
            int tokyo = model.tokenizer().singleTokenId("tokyo", "t′");
            List<Neuron> neurons = List.of(new Neuron(0, 3), new Neuron(1, 7), new Neuron(1, 20));
            ValueEdit rule = ValueEdit.of(model, neurons, EditRule.AUTHORS, paris, tokyo, 1, 8)
                    .scaledTo(0.5);
            assertEquals(patched(model, rule, paris, tokyo), hooked(model, rule, paris, tokyo), 1e-5);

            ValueEdit solved = OptimisedEdit.solve(model, rule, PROMPT, paris, tokyo, 0.5, 20);
            assertEquals(0.5, solved.frobenius(), 1e-5);
            double before = patched(model, rule, paris, tokyo);
            double after = patched(model, solved, paris, tokyo);
            assertTrue(after > before + 0.1, "optimised " + after + " vs the rule's " + before);
            assertEquals(after, hooked(model, solved, paris, tokyo), 1e-5);
        }
    }

    /** With room in the budget the optimiser makes t′ the answer, and the patch it is applied as is undone exactly. */
    @Test
    void reachesItsTargetAndIsUndoneBitForBit() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(9), store)) {
            int paris = model.tokenizer().singleTokenId("paris", "t");
            int tokyo = model.tokenizer().singleTokenId("tokyo", "t′");
            List<Neuron> neurons = List.of(new Neuron(1, 7), new Neuron(1, 20));
            float[] before;
            try (NDManager scope = model.newScope()) {
                before = model.valueVector(scope, 1, 7).toFloatArray();
            }
            ValueEdit start = ValueEdit.of(model, neurons, EditRule.AUTHORS, paris, tokyo, 1, 8);
            ValueEdit solved = OptimisedEdit.solve(model, start, PROMPT, paris, tokyo, 5.0, 30);
            assertEquals(5.0, solved.frobenius(), 1e-4);
            ClozeBatch batch = ClozeBatch.of(model.tokenizer(), List.of(PROMPT));
            try (NDManager scope = model.newScope();
                    WeightPatches patches = solved.apply(scope)) {
                NDArray logits = model.logits(
                        model.encode(scope, batch.tokens(), Hooks.none()), batch.rows(), batch.maskPositions());
                assertEquals(tokyo, (int) logits.argMax(-1).getLong(0), "t′ is the answer after the edit");
            }
            try (NDManager scope = model.newScope()) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(
                        before, model.valueVector(scope, 1, 7).toFloatArray());
            }
        }
    }

    @Test
    void aStepKeepsTheNorm() {
        float[][] next = OptimisedEdit.ascend(new float[][] {{3, 0}, {0, 4}}, new float[][] {{1, 1}, {-2, 0}}, 0.7, 5);
        double n2 = 0;
        for (float[] row : next) {
            for (float x : row) {
                n2 += x * x;
            }
        }
        assertEquals(5, Math.sqrt(n2), 1e-5);
    }
}
