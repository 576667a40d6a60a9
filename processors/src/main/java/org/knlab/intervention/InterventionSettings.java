package org.knlab.intervention;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.knlab.settings.Bounds;

/**
 * The {@code interventions} step and command: which interventions (with the amplification
 * {@code factor}), on which evaluation sets ({@code evaluate}; empty = every set the neuron sets can
 * serve, see {@link #evaluations}), against how many matched random {@code controls} and
 * whether the gradient-matched set too; pseudo-perplexity on {@code perplexitySentences} held-out
 * sentences (with the first {@code perplexityControls} controls, at most all of them); {@code meanReferencePrompts} for
 * the mean activations; {@code bootstrap} resamples; the optional dropout curve
 * ({@code dropoutRepeats} draws per fraction on {@code dropoutFacts} facts; 0 = none).
 *
 * @param maxRows batch rows per pass (memory, not results)
 * @param neurons the neuron sets to act on, inline (kn-lab's format or EleutherAI's); null = those of
 *                the step named by {@code input.fromStep}. Read, never echoed into parameter records.
 * @param hubs hub-matched controls and hub-free sets ({@link HubSettings})
 * @param hubSource the population whose neuron frequencies define hubs, inline neuron sets as
 *                {@code neurons} (e.g. EleutherAI's whole file); null = the sets acted on. Read, never echoed.
 */
public record InterventionSettings(
        List<InterventionKind> interventions,
        Double factor,
        List<EvaluationSet> evaluate,
        Integer controls,
        Boolean gradientControls,
        Integer perplexitySentences,
        Integer perplexityControls,
        Integer meanReferencePrompts,
        Integer bootstrap,
        Integer maxRows,
        Integer dropoutRepeats,
        Integer dropoutFacts,
        @JsonUnwrapped HubSettings hubs,

        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
        JsonNode neurons,

        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
        JsonNode hubSource) {

    public InterventionSettings {
        interventions = Bounds.nonEmpty(
                "interventions", interventions, List.of(InterventionKind.SUPPRESS, InterventionKind.AMPLIFY));
        factor = Bounds.numberIn("factor", factor, 2, -100, 100);
        evaluate = evaluate == null ? List.of() : List.copyOf(evaluate);
        controls = Bounds.intIn("controls", controls, 100, 2, 10_000);
        gradientControls = Bounds.orDefault(gradientControls, true);
        perplexitySentences = Bounds.intIn("perplexitySentences", perplexitySentences, 10, 0, 1000);
        // the first perplexityControls of the controls: never more than there are
        perplexityControls = Math.min(controls, Bounds.intIn("perplexityControls", perplexityControls, 5, 0, 10_000));
        meanReferencePrompts = Bounds.intIn("meanReferencePrompts", meanReferencePrompts, 100, 1, 10_000);
        bootstrap = Bounds.intIn("bootstrap", bootstrap, Bootstrap.DEFAULT_RESAMPLES, 10, 100_000);
        maxRows = Bounds.intIn("maxRows", maxRows, InterventionRunner.DEFAULT_MAX_ROWS, 1, 65_536);
        dropoutRepeats = Bounds.intIn("dropoutRepeats", dropoutRepeats, 0, 0, 1000);
        dropoutFacts = Bounds.intIn("dropoutFacts", dropoutFacts, 20, 1, 100_000);
        hubs = Bounds.orDefault(hubs, HubSettings.DEFAULTS);
    }

    /**
     * The evaluation sets to run: those asked for, or when none are (the default) every set the neuron
     * sets can serve — held-out only when each set has a held-out split (imported sets have none).
     */
    public List<EvaluationSet> evaluations(boolean heldOutSplits) {
        if (!evaluate.isEmpty()) {
            return evaluate;
        }
        return Arrays.stream(EvaluationSet.values())
                .filter(e -> heldOutSplits || e != EvaluationSet.HELD_OUT)
                .toList();
    }

    /** The warning a result carries when the default evaluation sets had to leave held-out out. */
    public Optional<String> evaluationWarning(boolean heldOutSplits) {
        return evaluate.isEmpty() && !heldOutSplits
                ? Optional.of("the held-out evaluation was left out of the default"
                        + " evaluation sets: the neuron sets have no held-out split (imported sets were chosen on all prompts;"
                        + " find neurons with heldOut > 0 for one)")
                : Optional.empty();
    }

    /** The paper's Figures 3 and 4: suppress and amplify ×2, on the fact's prompts and another relation's. */
    public static InterventionSettings paperFigures(int controls, int bootstrap, int maxRows, HubSettings hubs) {
        return new InterventionSettings(
                List.of(InterventionKind.SUPPRESS, InterventionKind.AMPLIFY),
                2.0,
                List.of(EvaluationSet.OWN, EvaluationSet.OTHER_RELATION),
                controls,
                true,
                0,
                0,
                null,
                bootstrap,
                maxRows,
                0,
                null,
                hubs,
                null,
                null);
    }
}
