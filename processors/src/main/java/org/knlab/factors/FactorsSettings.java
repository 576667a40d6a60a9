package org.knlab.factors;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.knlab.errors.InvalidParameterException;
import org.knlab.intervention.Bootstrap;
import org.knlab.settings.Bounds;

/**
 * The {@code factors} step and command: which {@code factorisations} (NMF, PCA) of rank {@code rank}
 * are fitted per relation and layer on a seeded sample of {@code samplePrompts} of the relation's
 * prompts (the layers of its facts' knowledge neurons), or the sparse autoencoder ({@code sae}) of
 * {@code train-sae}'s {@code dictionary} (null = the model's latest); integrated gradients in factor coordinates
 * with {@code factorSteps} Gauss–Legendre nodes; the unit counts of the size curve ({@code sizes}, besides
 * each fact's knowledge-neuron count); {@code controls} random-direction draws per comparison;
 * {@code bootstrap} resamples. The units-needed curve removes the top {@code curveSizes} units of each
 * type on the own prompts; a unit type "needs" the smallest size that lowers P(gold) by
 * {@code removalTarget}. A unit's purity is read from its {@code purityTop} top-activating prompts
 * among one prompt each of {@code purityPrompts} seeded facts of all relations.
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
        String dictionary,
        List<Integer> curveSizes,
        Double removalTarget,
        Integer purityPrompts,
        Integer purityTop,

        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
        JsonNode neurons) {

    public FactorsSettings {
        factorisations = Bounds.nonEmpty("factorisations", factorisations, List.of(FactorKind.NMF, FactorKind.PCA));
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
        curveSizes = Bounds.nonEmpty("curveSizes", curveSizes, List.of(1, 2, 4, 8, 16, 32, 64));
        for (int i = 0; i < curveSizes.size(); i++) {
            Bounds.intIn("curveSizes[" + i + "]", curveSizes.get(i), 1, 1, 3072);
        }
        removalTarget = Bounds.numberIn("removalTarget", removalTarget, 0.5, 0.01, 1);
        purityPrompts = Bounds.intIn("purityPrompts", purityPrompts, 1000, 10, 100_000);
        purityTop = Bounds.intIn("purityTop", purityTop, 20, 1, 10_000);
        if (purityTop > purityPrompts) {
            throw new InvalidParameterException(
                    "purityTop", "purityTop must be at most purityPrompts " + purityPrompts + ", got " + purityTop);
        }
    }
}
