package org.knlab.data;

import java.util.List;

/**
 * Which ParaRel facts to use: relations and/or uuids (both empty = all 34 relations), then
 * optionally a seeded random sample (of the whole, or of each relation).
 */
public record FactSelection(
        List<String> relations, List<String> uuids, Integer sampleSize, boolean perRelation, long seed) {

    public FactSelection {
        relations = relations == null ? List.of() : List.copyOf(relations);
        uuids = uuids == null ? List.of() : List.copyOf(uuids);
    }
}
