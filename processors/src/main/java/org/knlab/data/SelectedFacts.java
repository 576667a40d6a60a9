package org.knlab.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The facts a selection resolved to for one model, and what was left out: facts whose object is
 * not a single token of the model's vocabulary are dropped (and counted), as the authors intended.
 */
public record SelectedFacts(List<Fact> facts, int promptCount, Map<String, Integer> droppedPerRelation) {

    public SelectedFacts {
        facts = List.copyOf(facts);
        droppedPerRelation = Collections.unmodifiableMap(new TreeMap<>(droppedPerRelation));
    }

    /** Facts dropped because their object is not one token of the vocabulary, over all relations. */
    public int droppedNotSingleToken() {
        return droppedPerRelation.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** SHA-256 of the chosen uuids in order: a compact, checkable record of the data selection. */
    public String digest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            facts.forEach(f -> md.update((f.uuid() + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
