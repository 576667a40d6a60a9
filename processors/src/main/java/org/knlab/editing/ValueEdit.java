package org.knlab.editing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.knlab.attribution.Neuron;
import org.knlab.intervention.InterventionRunner;
import org.knlab.nn.LanguageModel;
import org.knlab.nn.WeightPatches;

/**
 * A change of the value slots of a neuron set, held as the change Δv of each slot (on the host, so
 * that it can be rescaled, measured and turned into a residual-stream vector); applied through
 * weight patches that restore the exact bits.
 */
public final class ValueEdit {

    private final LanguageModel model;
    private final List<Neuron> neurons;
    private final float[][] deltas;

    private ValueEdit(LanguageModel model, List<Neuron> neurons, float[][] deltas) {
        this.model = model;
        this.neurons = List.copyOf(neurons);
        this.deltas = deltas;
    }

    /** The rule applied to each neuron's value slot, moving t = {@code oldToken} to t′ = {@code newToken}. */
    public static ValueEdit of(
            LanguageModel model,
            List<Neuron> neurons,
            EditRule rule,
            int oldToken,
            int newToken,
            double lambda1,
            double lambda2) {
        float[][] deltas = new float[neurons.size()][];
        try (NDManager scope = model.newScope()) {
            NDArray eOld = model.outputEmbedding(scope, oldToken);
            NDArray eNew = model.outputEmbedding(scope, newToken);
            for (int i = 0; i < deltas.length; i++) {
                NDArray v = model.valueVector(
                        scope, neurons.get(i).layer(), neurons.get(i).index());
                deltas[i] = rule.apply(v, eOld, eNew, lambda1, lambda2).sub(v).toFloatArray();
            }
        }
        return new ValueEdit(model, neurons, deltas);
    }

    /** A change given as Δv per neuron of {@code neurons} (e.g. one an optimiser found). */
    static ValueEdit ofDeltas(LanguageModel model, List<Neuron> neurons, float[][] deltas) {
        return new ValueEdit(model, neurons, deltas);
    }

    public List<Neuron> neurons() {
        return neurons;
    }

    /** Every Δv, in the order of {@link #neurons()} (copies). */
    float[][] deltas() {
        float[][] out = new float[deltas.length][];
        for (int i = 0; i < deltas.length; i++) {
            out[i] = deltas[i].clone();
        }
        return out;
    }

    /** Δv of neuron i of {@link #neurons()}. */
    public float[] delta(int i) {
        return deltas[i].clone();
    }

    /** ‖ΔW‖_F of the whole weight change. */
    public double frobenius() {
        double sum = 0;
        for (float[] d : deltas) {
            for (float x : d) {
                sum += (double) x * x;
            }
        }
        return Math.sqrt(sum);
    }

    /** The same directions, scaled so that ‖ΔW‖_F equals {@code norm}: how controls are matched to the edit. */
    public ValueEdit scaledTo(double norm) {
        float factor = (float) (norm / frobenius());
        float[][] scaled = new float[deltas.length][];
        for (int i = 0; i < deltas.length; i++) {
            scaled[i] = deltas[i].clone();
            for (int j = 0; j < scaled[i].length; j++) {
                scaled[i][j] *= factor;
            }
        }
        return new ValueEdit(model, neurons, scaled);
    }

    /** Writes v + Δv into every slot; closing the patches restores the original bits. */
    public WeightPatches apply(NDManager scope) {
        WeightPatches patches = new WeightPatches();
        Map<Integer, int[]> byLayer = InterventionRunner.byLayer(neurons);
        byLayer.forEach((layer, indices) -> {
            NDArray[] columns = new NDArray[indices.length];
            for (int k = 0; k < indices.length; k++) {
                int i = neurons.indexOf(new Neuron(layer, indices[k]));
                columns[k] = model.valueVector(scope, layer, indices[k]).add(scope.create(deltas[i]));
            }
            patches.add(model.patchValueVectors(layer, indices, columns));
        });
        return patches;
    }

    /**
     * ΔW·a: the change the edit makes to the FFN outputs (summed over the set's layers) at a position
     * whose clean post-GELU activations are {@code activations} [layer][neuron].
     */
    public float[] outputChange(float[][] activations) {
        float[] out = new float[deltas[0].length];
        for (int i = 0; i < deltas.length; i++) {
            float a = activations[neurons.get(i).layer()][neurons.get(i).index()];
            for (int j = 0; j < out.length; j++) {
                out[j] += deltas[i][j] * a;
            }
        }
        return out;
    }
}
