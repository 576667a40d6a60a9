package org.knlab.intervention;

import java.util.List;
import org.knlab.errors.InvalidParameterException;

/**
 * What an intervention experiment runs: interventions (with the amplification factor), evaluation
 * sets, number of matched random controls, whether to add the gradient-matched control, how many
 * held-out sentences (and controls) measure pseudo-perplexity, how many reference prompts give
 * the mean activations, bootstrap resamples, seed and batch size.
 */
public record InterventionSettings(List<InterventionKind> interventions, float amplifyFactor,
        List<EvaluationSet> evaluations, int controls, boolean gradientControls, int perplexitySentences,
        int perplexityControls, int meanReferencePrompts, int bootstrapResamples, long seed, int maxRows) {

    public InterventionSettings {
        interventions = List.copyOf(interventions);
        evaluations = List.copyOf(evaluations);
        if (interventions.isEmpty()) {
            throw new InvalidParameterException("interventions", "give at least one intervention");
        }
        if (evaluations.isEmpty()) {
            throw new InvalidParameterException("evaluate", "give at least one evaluation set");
        }
        if (controls < 2) {
            throw new InvalidParameterException("controls", "controls must be at least 2 to give a distribution, got "
                    + controls);
        }
        if (perplexityControls > controls) {
            throw new InvalidParameterException("perplexityControls", "perplexityControls (" + perplexityControls
                    + ") cannot exceed controls (" + controls + ")");
        }
    }

    /** The paper's Figures 3 and 4: suppress and amplify ×2, on the fact's prompts and another relation's. */
    public static InterventionSettings paperFigures(int controls, int bootstrapResamples, long seed, int maxRows) {
        return new InterventionSettings(List.of(InterventionKind.SUPPRESS, InterventionKind.AMPLIFY), 2f,
                List.of(EvaluationSet.OWN, EvaluationSet.OTHER_RELATION), controls, true, 0, 0, 0,
                bootstrapResamples, seed, maxRows);
    }
}
