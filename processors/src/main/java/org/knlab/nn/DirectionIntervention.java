package org.knlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Adds a vector to an activation at chosen (batch row, position)s: a change along a direction rather
 * than of single neurons — a factor's contribution removed, a coefficient moved, a random direction.
 * Each row may carry its own vector, so one batched pass runs many changes.
 */
public final class DirectionIntervention implements ActivationHook {

    private record Shift(int row, int position, float[] delta) implements PositionedEdit<Shift> {
        @Override
        public Shift atReadPosition() {
            return new Shift(row, 0, delta);
        }
    }

    private final List<Shift> shifts = new ArrayList<>();

    /** Adds {@code delta} (the activation's width) at (row, position). */
    public DirectionIntervention add(int row, int position, float[] delta) {
        shifts.add(new Shift(row, position, delta.clone()));
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
            throw new IllegalArgumentException("direction interventions need [batch, position, width], got " + shape);
        }
        int rows = (int) shape.get(0);
        int positions = (int) shape.get(1);
        int width = (int) shape.get(2);
        float[] shift = new float[rows * positions * width];
        for (Shift s : shifts) {
            if (s.row < 0 || s.row >= rows || s.position < 0 || s.position >= positions || s.delta.length != width) {
                throw new IndexOutOfBoundsException("a shift of width " + s.delta.length + " at (" + s.row + ", "
                        + s.position + ") does not fit the activation of shape " + shape);
            }
            int base = (s.row * positions + s.position) * width;
            for (int j = 0; j < width; j++) {
                shift[base + j] += s.delta[j];
            }
        }
        return activation.add(activation.getManager().create(shift, shape));
    }

    /** The shifts at the read positions ({@link PositionedEdit#keptAt}). */
    @Override
    public Optional<ActivationHook> atPositions(int[] positions) {
        DirectionIntervention restricted = new DirectionIntervention();
        restricted.shifts.addAll(PositionedEdit.keptAt(shifts, positions));
        return Optional.of(restricted);
    }
}
