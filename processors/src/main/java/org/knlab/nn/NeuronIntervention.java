package org.knlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Changes chosen (batch row, position, neuron) entries of an activation: set to a value, scale by a
 * factor or add a value. Each batch row may carry its own edits, so one batched pass can run many
 * different interventions. Implemented as {@code a * scale + shift} with dense factors, built only
 * when needed, so scaling by 1 returns bit-identical values.
 */
public final class NeuronIntervention implements ActivationHook {

    public enum Op {
        SET,
        SCALE,
        ADD
    }

    private record Edit(int row, int position, int neuron, Op op, float value) implements PositionedEdit<Edit> {
        @Override
        public Edit atReadPosition() {
            return new Edit(row, 0, neuron, op, value);
        }
    }

    private final List<Edit> edits = new ArrayList<>();

    public NeuronIntervention set(int row, int position, int neuron, float value) {
        edits.add(new Edit(row, position, neuron, Op.SET, value));
        return this;
    }

    public NeuronIntervention scale(int row, int position, int neuron, float factor) {
        edits.add(new Edit(row, position, neuron, Op.SCALE, factor));
        return this;
    }

    public NeuronIntervention add(int row, int position, int neuron, float delta) {
        edits.add(new Edit(row, position, neuron, Op.ADD, delta));
        return this;
    }

    @Override
    public boolean keepsActivations() {
        return false;
    }

    @Override
    public NDArray apply(NDArray activation) {
        Shape shape = activation.getShape();
        if (shape.dimension() != 3) {
            throw new IllegalArgumentException("neuron interventions need [batch, position, neuron], got " + shape);
        }
        int rows = (int) shape.get(0);
        int positions = (int) shape.get(1);
        int width = (int) shape.get(2);
        float[] scale = null;
        float[] shift = null;
        for (Edit e : edits) {
            if (e.row < 0
                    || e.row >= rows
                    || e.position < 0
                    || e.position >= positions
                    || e.neuron < 0
                    || e.neuron >= width) {
                throw new IndexOutOfBoundsException("intervention at (" + e.row + ", " + e.position + ", " + e.neuron
                        + ") is outside the activation of shape " + shape);
            }
            int i = (e.row * positions + e.position) * width + e.neuron;
            if (e.op != Op.ADD && scale == null) {
                scale = filled(rows * positions * width, 1f);
            }
            if (e.op != Op.SCALE && shift == null) {
                shift = new float[rows * positions * width];
            }
            switch (e.op) {
                case SET -> {
                    scale[i] = 0f;
                    shift[i] = e.value;
                }
                case SCALE -> {
                    scale[i] *= e.value;
                    if (shift != null) {
                        shift[i] *= e.value;
                    }
                }
                case ADD -> shift[i] += e.value;
            }
        }
        NDManager m = activation.getManager();
        NDArray out = activation;
        if (scale != null) {
            out = out.mul(m.create(scale, shape));
        }
        if (shift != null) {
            out = out.add(m.create(shift, shape));
        }
        return out;
    }

    /** The edits at the read positions ({@link PositionedEdit#keptAt}). */
    @Override
    public Optional<ActivationHook> atPositions(int[] positions) {
        NeuronIntervention restricted = new NeuronIntervention();
        restricted.edits.addAll(PositionedEdit.keptAt(edits, positions));
        return Optional.of(restricted);
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }
}
