package org.knlab.editing;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.knlab.attribution.Neuron;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.intervention.InterventionRunner;
import org.knlab.nn.ActivationCapture;
import org.knlab.nn.HookPoint;
import org.knlab.nn.Hooks;
import org.knlab.nn.LanguageModel;

/**
 * The fair control of "does localisation inform editing?" (Hase et al. 2023): the value-slot change
 * on a given neuron set that best makes t′ the answer of the edited prompt, at the knowledge-neuron
 * edit's ‖ΔW‖_F — projected gradient ascent on log P(t′) − log P(t), through the engine's autograd.
 *
 * <p>A value-slot change Δv_i adds a_i·Δv_i to the FFN output of its block at every position (a_i the
 * neuron's post-activation there); the forward pass does exactly that through hooks — {@code mlp.hook_post}
 * read, {@code hook_mlp_out} plus post·P·Δ with P the one-hot columns of the set — so the gradient
 * with respect to Δ is exact, and the result is applied as a real weight patch afterwards. Each step
 * moves Δ along its normalised gradient and scales it back to the budget; the best iterate is kept.
 */
final class OptimisedEdit {

    /** The first step's length as a share of the budget; it decays as 1/(1 + k/4). */
    private static final double STEP = 0.5;

    private OptimisedEdit() {}

    /**
     * @param start a change on {@code start.neurons()} to begin from (e.g. the authors' rule there),
     *              scaled to {@code norm}
     */
    static ValueEdit solve(
            LanguageModel model, ValueEdit start, String prompt, int oldToken, int newToken, double norm, int steps) {
        List<Neuron> neurons = start.neurons();
        float[][] delta = start.scaledTo(norm).deltas();
        float[][] best = delta;
        double bestObjective = Double.NEGATIVE_INFINITY;
        ClozeBatch batch = ClozeBatch.of(model.tokenizer(), List.of(prompt));
        Map<Integer, int[]> byLayer = InterventionRunner.byLayer(neurons);
        for (int k = 0; k <= steps; k++) {
            try (NDManager scope = model.newScope();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                List<NDArray> leaves = new ArrayList<>();
                NDArray objective = objective(model, scope, batch, neurons, byLayer, delta, leaves, oldToken, newToken);
                double value = objective.getFloat();
                if (value > bestObjective) {
                    bestObjective = value;
                    best = copy(delta);
                }
                if (k == steps) {
                    break;
                }
                gc.backward(objective);
                float[][] gradient = new float[delta.length][];
                int leaf = 0;
                for (Map.Entry<Integer, int[]> e : byLayer.entrySet()) {
                    float[] g = leaves.get(leaf++).getGradient().toFloatArray();
                    for (int j = 0; j < e.getValue().length; j++) {
                        int i = neurons.indexOf(new Neuron(e.getKey(), e.getValue()[j]));
                        gradient[i] = Arrays.copyOfRange(g, j * delta[0].length, (j + 1) * delta[0].length);
                    }
                }
                delta = ascend(delta, gradient, STEP * norm / (1 + k / 4.0), norm);
            }
        }
        return ValueEdit.ofDeltas(model, neurons, best);
    }

    /**
     * log P(t′) − log P(t) at the prompt's answer with Δ added through hooks; {@code leaves} receives Δ's
     * rows per layer (in {@code byLayer}'s order), which the gradient is taken with respect to.
     */
    static NDArray objective(
            LanguageModel model,
            NDManager scope,
            ClozeBatch batch,
            List<Neuron> neurons,
            Map<Integer, int[]> byLayer,
            float[][] delta,
            List<NDArray> leaves,
            int oldToken,
            int newToken) {
        int width = model.config().intermediateSize();
        int hidden = delta[0].length;
        Hooks hooks = Hooks.none();
        byLayer.forEach((layer, indices) -> {
            float[] rows = new float[indices.length * hidden];
            float[] onehot = new float[width * indices.length];
            for (int j = 0; j < indices.length; j++) {
                int i = neurons.indexOf(new Neuron(layer, indices[j]));
                System.arraycopy(delta[i], 0, rows, j * hidden, hidden);
                onehot[indices[j] * indices.length + j] = 1f;
            }
            NDArray leaf = scope.create(rows, new Shape(indices.length, hidden));
            leaf.setRequiresGradient(true);
            leaves.add(leaf);
            NDArray select = scope.create(onehot, new Shape(width, indices.length));
            ActivationCapture post = new ActivationCapture();
            hooks.add(HookPoint.mlpPost(layer), post)
                    .add(
                            HookPoint.mlpOut(layer),
                            out -> out.add(post.value().matMul(select).matMul(leaf)));
        });
        NDArray encoded = model.encode(scope, batch.tokens(), hooks);
        NDArray logProbs =
                model.logits(encoded, batch.rows(), batch.maskPositions()).logSoftmax(-1);
        return logProbs.get(new NDIndex("0, {}", newToken)).sub(logProbs.get(new NDIndex("0, {}", oldToken)));
    }

    /** Δ + η·g/‖g‖, scaled back to ‖Δ‖_F = norm. */
    static float[][] ascend(float[][] delta, float[][] gradient, double eta, double norm) {
        double g2 = 0;
        for (float[] g : gradient) {
            for (float x : g) {
                g2 += (double) x * x;
            }
        }
        double gNorm = Math.sqrt(g2);
        float[][] out = new float[delta.length][];
        double n2 = 0;
        for (int i = 0; i < delta.length; i++) {
            out[i] = new float[delta[i].length];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = (float) (delta[i][j] + (gNorm > 0 ? eta * gradient[i][j] / gNorm : 0));
                n2 += (double) out[i][j] * out[i][j];
            }
        }
        float scale = (float) (norm / Math.sqrt(n2));
        for (float[] row : out) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= scale;
            }
        }
        return out;
    }

    private static float[][] copy(float[][] a) {
        float[][] out = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }
}
