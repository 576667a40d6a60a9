package org.knlab.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * An edit of an activation at one (batch row, position), as the hooks that restrict themselves to
 * the read positions ({@link ActivationHook#atPositions}) keep or drop it.
 */
interface PositionedEdit<E extends PositionedEdit<E>> {

    int row();

    int position();

    /** The same edit at position 0: where a readout that keeps one position per row puts it. */
    E atReadPosition();

    /**
     * The edits that reach the read positions ({@code positions[row]}), moved to position 0. Edits at
     * other positions cannot reach the read ones past the attention, so they are dropped; those of rows
     * beyond {@code positions} stay as they are, for the hook's {@code apply} to reject.
     */
    static <E extends PositionedEdit<E>> List<E> keptAt(List<E> edits, int[] positions) {
        List<E> kept = new ArrayList<>();
        for (E e : edits) {
            if (e.row() >= positions.length) {
                kept.add(e);
            } else if (e.position() == positions[e.row()]) {
                kept.add(e.atReadPosition());
            }
        }
        return kept;
    }
}
