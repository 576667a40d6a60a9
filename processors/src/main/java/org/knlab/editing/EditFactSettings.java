package org.knlab.editing;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.knlab.intervention.Bootstrap;
import org.knlab.intervention.HubSettings;
import org.knlab.settings.Bounds;
import org.knlab.settings.SampleSize;

/**
 * The {@code edit-fact} step and command (docs/method.md, "Editing and erasing"): per relation (empty =
 * every relation of the neuron sets) a seeded sample of {@code factsPerRelation} edits per direction,
 * or the explicit {@code edits}; the {@code editRule} with λ1, λ2; the authors' filter (drop neurons
 * in more than {@code filterShare} of the facts of a seeded pool of {@code filterFacts} facts of the
 * relation); {@code controls} matched random sets per edit (plus the most-activated, gradient-matched
 * and residual-stream controls); specificity on {@code neighbours} facts of the same and of other
 * relations; pseudo-perplexity on {@code perplexitySentences} held-out sentences; {@code bootstrap}
 * resamples; {@code optimisedSteps} of the optimised edits at the knowledge neurons and at random places
 * ({@link OptimisedEdit}; 0 = none); {@code hubs}: the same rule at hub-matched sets and at the set without
 * its hubs, each at the edit's norm (frequencies over the neuron sets the step receives). {@code neurons}: the neuron sets inline (kn-lab's or EleutherAI's format); null = those
 * of {@code input.fromStep} (or, on the command line, found first). Read, never echoed into parameter records.
 */
public record EditFactSettings(
        List<String> relations,
        Integer factsPerRelation,
        List<EditDirection> directions,
        EditRule editRule,
        Double lambda1,
        Double lambda2,
        Double filterShare,
        SampleSize filterFacts,
        Integer controls,
        Integer neighbours,
        Integer perplexitySentences,
        Integer bootstrap,
        Integer optimisedSteps,
        List<Target> edits,
        @JsonUnwrapped HubSettings hubs,

        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
        JsonNode neurons) {

    /** An explicit edit: the fact and its new answer t′ (one token of the vocabulary, not the model's answer t). */
    public record Target(String uuid, String target) {}

    public EditFactSettings {
        relations = List.copyOf(Bounds.orDefault(relations, List.of()));
        factsPerRelation = Bounds.intIn("factsPerRelation", factsPerRelation, 10, 1, 10_000);
        directions = Bounds.nonEmpty(
                "directions", directions, List.of(EditDirection.CORRECT_TO_OTHER, EditDirection.INCORRECT_TO_GOLD));
        editRule = Bounds.orDefault(editRule, EditRule.AUTHORS);
        lambda1 = Bounds.numberIn("lambda1", lambda1, 1, 0, 100);
        lambda2 = Bounds.numberIn("lambda2", lambda2, 8, 0, 100);
        filterShare = Bounds.numberIn("filterShare", filterShare, 0.1, 0, 1);
        filterFacts = Bounds.orDefault(filterFacts, new SampleSize(50));
        controls = Bounds.intIn("controls", controls, 20, 2, 1000);
        neighbours = Bounds.intIn("neighbours", neighbours, 5, 1, 100);
        perplexitySentences = Bounds.intIn("perplexitySentences", perplexitySentences, 5, 0, 1000);
        bootstrap = Bounds.intIn("bootstrap", bootstrap, Bootstrap.DEFAULT_RESAMPLES, 10, 100_000);
        optimisedSteps = Bounds.intIn("optimisedSteps", optimisedSteps, 10, 0, 1000);
        edits = edits == null ? null : List.copyOf(edits);
        hubs = Bounds.orDefault(hubs, HubSettings.DEFAULTS);
    }
}
