package org.knlab.editing;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.knlab.settings.Bounds;
import org.knlab.settings.SampleSize;

/**
 * The {@code erase-relation} step and command (docs/method.md, "Editing and erasing"): for each of
 * {@code relations} (default the authors' four), the {@code k} knowledge neurons found most often
 * among a seeded sample of {@code factsPerRelation} of its facts, erased (value slots zero and [UNK]) next to
 * {@code controls} matched random sets and the k most-activated and k top-gradient neurons; measured
 * on seeded samples of {@code relationPrompts} prompts of the relation and {@code otherPrompts} of
 * the other relations.
 *
 * @param maxRows prompts per pass (memory, not results)
 *
 * <p>{@code neurons}: the neuron sets inline (kn-lab's or EleutherAI's format); null = those of
 * {@code input.fromStep} (or, on the command line, found first). Read, never echoed into parameter records.
 */
public record EraseRelationSettings(
        List<String> relations,
        Integer k,
        SampleSize factsPerRelation,
        Integer relationPrompts,
        Integer otherPrompts,
        Integer controls,
        Integer maxRows,

        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
        JsonNode neurons) {

    /** The authors' k: erased when no k is given, or every neuron of a smaller pool. */
    public static final int AUTHORS_K = 20;

    public EraseRelationSettings {
        relations = Bounds.nonEmpty("relations", relations, List.of("P19", "P27", "P106", "P937"));
        if (k != null) {
            Bounds.intIn("k", k, AUTHORS_K, 1, 10_000);
        }
        factsPerRelation = Bounds.orDefault(factsPerRelation, new SampleSize(50));
        relationPrompts = Bounds.intIn("relationPrompts", relationPrompts, 500, 1, 1_000_000);
        otherPrompts = Bounds.intIn("otherPrompts", otherPrompts, 1000, 1, 1_000_000);
        controls = Bounds.intIn("controls", controls, 3, 1, 1000);
        maxRows = Bounds.intIn("maxRows", maxRows, 64, 1, 65_536);
    }

    /**
     * How many neurons to erase from a pool of {@code pool} distinct ones: the given k (above the pool
     * it is an error naming {@code k}); without one, the authors' 20 or the whole pool when smaller —
     * small samples of relations whose facts share few answers hold fewer (P106: 13 in 50 sets), and
     * a default must not make the default relations fail.
     */
    public int kFor(int pool) {
        return k != null ? k : Math.min(AUTHORS_K, pool);
    }
}
