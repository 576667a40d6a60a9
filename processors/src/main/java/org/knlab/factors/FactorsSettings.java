package org.knlab.factors;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import org.knlab.errors.InvalidParameterException;
import org.knlab.intervention.Bootstrap;
import org.knlab.settings.Bounds;

/**
 * The {@code factors} step and command: which {@code factorisations} (NMF, PCA) of rank {@code rank}
 * are fitted per relation and layer on a seeded sample of {@code samplePrompts} of the relation's
 * prompts (the layers of its facts' knowledge neurons); integrated gradients in factor coordinates
 * with {@code factorSteps} Gauss–Legendre nodes; the unit counts of the size curve ({@code sizes}, besides
 * each fact's knowledge-neuron count); {@code controls} random-direction draws per comparison;
 * {@code bootstrap} resamples.
 *
 * @param maxRows batch rows per intervention pass (memory, not results)
 *
 * <p>{@code neurons}: the neuron sets inline; null = those of {@code input.fromStep} (or, on the
 * command line, found first). Read, never echoed into parameter records.
 */
public record FactorsSettings(
        List<FactorKind> factorisations,
        Integer rank,
        Integer samplePrompts,
        Integer factorSteps,
        List<Integer> sizes,
        Integer controls,
        Integer bootstrap,
        Integer maxRows,

        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
        JsonNode neurons) {

    public FactorsSettings {
        factorisations = Bounds.nonEmpty("factorisations", factorisations, Arrays.asList(FactorKind.values()));
        if (factorisations.stream().distinct().count() != factorisations.size()) {
            throw new InvalidParameterException(
                    "factorisations", "factorisations must not repeat, got " + factorisations);
        }
        rank = Bounds.intIn("rank", rank, 16, 1, 3072);
        samplePrompts = Bounds.intIn("samplePrompts", samplePrompts, 200, 1, 100_000);
        factorSteps = Bounds.intIn("factorSteps", factorSteps, 6, 1, 200);
        sizes = Bounds.nonEmpty("sizes", sizes, List.of(1, 4));
        for (int i = 0; i < sizes.size(); i++) {
            Bounds.intIn("sizes[" + i + "]", sizes.get(i), 1, 1, 3072);
        }
        controls = Bounds.intIn("controls", controls, 5, 1, 1000);
        bootstrap = Bounds.intIn("bootstrap", bootstrap, Bootstrap.DEFAULT_RESAMPLES, 10, 100_000);
        maxRows = Bounds.intIn("maxRows", maxRows, 256, 1, 65_536);
    }
}
