package org.knlab.evidence;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.knlab.errors.InvalidParameterException;
import org.knlab.intervention.Bootstrap;
import org.knlab.settings.Bounds;

/**
 * The {@code activation-evidence} step and command: which prompt {@code kinds} each fact's own
 * prompts are compared with ({@code own} is always there), at most {@code promptsPerKind} of each,
 * how many matched random {@code controls} per fact, the sign-flip test's {@code permutations} and
 * the {@code bootstrap} resamples of the CIs.
 *
 * <p>{@code neurons}: the neuron sets inline (kn-lab's or EleutherAI's format); null = those of
 * {@code input.fromStep} (or, on the command line, found first). Read, never echoed into parameter records.
 */
public record ActivationEvidenceSettings(
        List<PromptKind> kinds,
        Integer promptsPerKind,
        Integer controls,
        Integer permutations,
        Integer bootstrap,

        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
        JsonNode neurons) {

    public ActivationEvidenceSettings {
        kinds = Bounds.nonEmpty(
                "kinds",
                kinds,
                Arrays.stream(PromptKind.values())
                        .filter(k -> k != PromptKind.OWN)
                        .toList());
        if (kinds.stream().distinct().count() != kinds.size()) {
            throw new InvalidParameterException("kinds", "kinds must not repeat, got " + kinds);
        }
        promptsPerKind = Bounds.intIn("promptsPerKind", promptsPerKind, 10, 1, 1000);
        controls = Bounds.intIn("controls", controls, 20, 1, 1000);
        permutations = Bounds.intIn("permutations", permutations, 10_000, 100, 1_000_000);
        bootstrap = Bounds.intIn("bootstrap", bootstrap, Bootstrap.DEFAULT_RESAMPLES, 10, 100_000);
    }

    /** {@code own} and the kinds compared with it, in declaration order. */
    public List<PromptKind> allKinds() {
        return Stream.concat(Stream.of(PromptKind.OWN), kinds.stream())
                .distinct()
                .sorted()
                .toList();
    }
}
