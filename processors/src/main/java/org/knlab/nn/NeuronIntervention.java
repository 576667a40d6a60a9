package org.knlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Changes chosen (batch row, position, neuron) entries of an activation: set to a value, scale by a
 * factor or add a value. Each batch row may carry its own edits, so one batched pass can run many
 * different interventions. Each touched entry becomes {@code a · scale + shift} (gathered, changed and
 * scattered into a copy: no array the size of the activation is built), so scaling by 1 returns
 * bit-identical values and untouched entries are copied as they are.
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
        // each touched entry's a · scale + shift, the edits applied in order: [scale, shift] by flat index
        Map<Long, float[]> touched = new LinkedHashMap<>();
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
            float[] f = touched.computeIfAbsent(
                    ((long) e.row * positions + e.position) * width + e.neuron, i -> new float[] {1f, 0f});
            switch (e.op) {
                case SET -> {
                    f[0] = 0f;
                    f[1] = e.value;
                }
                case SCALE -> {
                    f[0] *= e.value;
                    f[1] *= e.value;
                }
                case ADD -> f[1] += e.value;
            }
        }
        if (touched.isEmpty()) {
            return activation;
        }
        long[] index = new long[touched.size()];
        float[] scale = new float[index.length];
        float[] shift = new float[index.length];
        int k = 0;
        for (Map.Entry<Long, float[]> t : touched.entrySet()) {
            index[k] = t.getKey();
            scale[k] = t.getValue()[0];
            shift[k++] = t.getValue()[1];
        }
        NDManager m = activation.getManager();
        NDArray flat = activation.reshape(-1);
        NDArray at = m.create(index);
        NDArray changed = flat.gather(at, 0).mul(m.create(scale)).add(m.create(shift));
        return flat.scatter(at, changed, 0).reshape(shape);
    }

    /** The edits at the read positions ({@link PositionedEdit#keptAt}). */
    @Override
    public Optional<ActivationHook> atPositions(int[] positions) {
        NeuronIntervention restricted = new NeuronIntervention();
        restricted.edits.addAll(PositionedEdit.keptAt(edits, positions));
        return Optional.of(restricted);
    }
}
