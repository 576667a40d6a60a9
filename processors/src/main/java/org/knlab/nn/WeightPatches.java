package org.knlab.nn;

import java.util.ArrayList;
import java.util.List;

/** Several weight patches undone together, last first, so the weights end bit-identical to how they began. */
public final class WeightPatches implements AutoCloseable {

    private final List<WeightPatch> patches = new ArrayList<>();

    public WeightPatches add(WeightPatch p) {
        patches.add(p);
        return this;
    }

    @Override
    public void close() {
        for (int i = patches.size() - 1; i >= 0; i--) {
            patches.get(i).close();
        }
    }
}
