package org.knlab.attribution;

import org.knlab.errors.InvalidParameterException;

/**
 * How per-prompt scores become a fact's knowledge neurons: per prompt keep scores ≥ t·max over
 * all layers (or &gt; with {@code strict}); per fact keep neurons kept in ≥ max(p·n, floor) of its n
 * prompts (or &gt; p·n with {@code strict}). {@code tune} adjusts p per relation as the authors did.
 * {@code onePrompt}: attribute only the first of the fact's selection prompts, and keep its coarse set
 * (no refinement over paraphrases).
 */
public record RefinementRule(
        double threshold, double promptShare, int floor, boolean strict, boolean tune, boolean onePrompt) {

    /** Dai et al.'s code: t = 0.2, p from 0.7 tuned per relation, at least 3 prompts. */
    public static final RefinementRule AUTHORS = new RefinementRule(0.2, 0.7, 3, false, true, false);
    /** The authors' activation baseline: t = 0.5, otherwise as {@link #AUTHORS}. */
    public static final RefinementRule AUTHORS_ACTIVATION = new RefinementRule(0.5, 0.7, 3, false, true, false);
    /** EleutherAI's replication: t = 0.3 and p = 0.3, strict comparisons, no floor, no tuning. */
    public static final RefinementRule ELEUTHER = new RefinementRule(0.3, 0.3, 0, true, false, false);
    /**
     * The KN baseline of ROME's and EasyEdit's comparisons: integrated gradients on one prompt, t = 0.2
     * of that prompt's maximum, no refinement over paraphrases (p = 1 of the one prompt).
     */
    public static final RefinementRule SINGLE_PROMPT = new RefinementRule(0.2, 1, 1, false, false, true);

    public RefinementRule {
        if (threshold < 0 || threshold > 1) {
            throw new InvalidParameterException("threshold", "threshold must be in [0, 1], got " + threshold);
        }
        if (promptShare < 0 || promptShare > 1) {
            throw new InvalidParameterException("promptShare", "promptShare must be in [0, 1], got " + promptShare);
        }
    }

    public static RefinementRule named(String name) {
        return switch (name) {
            case "authors" -> AUTHORS;
            case "authors-activation" -> AUTHORS_ACTIVATION;
            case "eleuther" -> ELEUTHER;
            case "single-prompt" -> SINGLE_PROMPT;
            default ->
                throw new InvalidParameterException(
                        "rule",
                        "unknown refinement rule '" + name
                                + "'; use authors, authors-activation, eleuther or single-prompt");
        };
    }

    public RefinementRule withPromptShare(double p) {
        return new RefinementRule(threshold, p, floor, strict, tune, onePrompt);
    }
}
