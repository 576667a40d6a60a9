package org.knlab.attribution;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.knlab.settings.Bounds;

/**
 * The {@code knowledge-neurons} step and command: attribution, the refinement {@code rule}
 * (authors, authors-activation, eleuther) with optional {@code threshold} / {@code promptShare}
 * overrides (null = the rule's), and the {@code heldOut} share of each fact's prompts kept out of
 * the neuron choice.
 */
public record KnowledgeNeuronsSettings(
        @JsonUnwrapped AttributionSettings attribution,
        String rule,
        Double threshold,
        Double promptShare,
        Double heldOut) {

    public KnowledgeNeuronsSettings {
        attribution = Bounds.orDefault(attribution, AttributionSettings.DEFAULTS);
        rule = Bounds.orDefault(rule, "authors");
        RefinementRule.named(rule);
        if (threshold != null) {
            Bounds.numberIn("threshold", threshold, 0, 0, 1);
        }
        if (promptShare != null) {
            Bounds.numberIn("promptShare", promptShare, 0, 0, 1);
        }
        heldOut = Bounds.numberIn("heldOut", heldOut, 0, 0, 0.9);
    }

    /** The named rule with the overrides applied. */
    public RefinementRule refinementRule() {
        RefinementRule named = RefinementRule.named(rule);
        return new RefinementRule(
                threshold != null ? threshold : named.threshold(),
                promptShare != null ? promptShare : named.promptShare(),
                named.floor(),
                named.strict(),
                named.tune(),
                named.onePrompt());
    }
}
