package org.knlab.comparison;

import java.util.Arrays;
import java.util.List;
import org.knlab.attribution.AttributionMethod;
import org.knlab.attribution.AttributionSettings;
import org.knlab.attribution.KnowledgeNeuronsSettings;
import org.knlab.attribution.RefinementRule;
import org.knlab.errors.InvalidParameterException;
import org.knlab.intervention.Bootstrap;
import org.knlab.intervention.InterventionRunner;
import org.knlab.settings.Bounds;

/**
 * The {@code compare-methods} step and command: which selection {@code methods} to compare, at which
 * budgets {@code ks} (besides each fact's own knowledge-neuron count), against how many matched random
 * {@code controls}; the causal search's pool ({@code candidates}, the top by grad × act) and the
 * {@code shortlist} of it re-checked at each greedy pick after the first; the
 * {@code heldOut} share of each fact's prompts the sets are evaluated on (never chosen on); the
 * knowledge neurons' attribution ({@code mode}, {@code steps}) and refinement {@code rule}; the
 * gradient check's amplification {@code factor}; {@code bootstrap} resamples.
 *
 * <p>Defaults are sized for ≥ 60 facts in 90 minutes on 2 CPU cores: IG in fast mode (6
 * Gauss–Legendre nodes), 20 controls, half the prompts held out, a shortlist of 16 of the 64 candidates.
 *
 * @param maxRows batch rows per pass (memory, not results)
 */
public record CompareMethodsSettings(
        List<SelectionMethod> methods,
        List<Integer> ks,
        Integer controls,
        Integer candidates,
        Integer shortlist,
        Double heldOut,
        String mode,
        Integer steps,
        String rule,
        Double factor,
        Integer bootstrap,
        Integer maxRows) {

    public CompareMethodsSettings {
        methods = Bounds.nonEmpty("methods", methods, Arrays.asList(SelectionMethod.values()));
        if (methods.stream().distinct().count() != methods.size()) {
            throw new InvalidParameterException("methods", "methods must not repeat, got " + methods);
        }
        ks = Bounds.nonEmpty("ks", ks, List.of(1, 5, 20));
        controls = Bounds.intIn("controls", controls, 20, 2, 1000);
        candidates = Bounds.intIn("candidates", candidates, 64, 1, 4096);
        shortlist = Bounds.intIn("shortlist", shortlist, 16, 1, 4096);
        for (int i = 0; i < ks.size(); i++) {
            // The causal search can only pick among its pool, so no budget may exceed it.
            Bounds.intIn("ks[" + i + "]", ks.get(i), 1, 1, candidates);
        }
        heldOut = Bounds.numberIn("heldOut", heldOut, 0.5, 0.05, 0.9);
        mode = Bounds.orDefault(mode, AttributionSettings.FAST);
        rule = Bounds.orDefault(rule, "authors");
        RefinementRule.named(rule);
        factor = Bounds.numberIn("factor", factor, 2, -100, 100);
        bootstrap = Bounds.intIn("bootstrap", bootstrap, Bootstrap.DEFAULT_RESAMPLES, 10, 100_000);
        maxRows = Bounds.intIn("maxRows", maxRows, InterventionRunner.DEFAULT_MAX_ROWS, 1, 65_536);
        // checks mode and steps: the parameters, since the fields are assigned only after this body
        new AttributionSettings(AttributionMethod.IG, mode, null, steps, maxRows);
    }

    /** The knowledge neurons' attribution: IG with this step's mode and steps. */
    public AttributionSettings attribution() {
        return new AttributionSettings(AttributionMethod.IG, mode, null, steps, maxRows);
    }

    /** How the knowledge neurons (whose count is each fact's own budget) are found. */
    public KnowledgeNeuronsSettings knowledgeNeurons() {
        return new KnowledgeNeuronsSettings(attribution(), rule, null, null, heldOut);
    }

    /** The largest budget of the grid. */
    public int largestK() {
        return ks.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }
}
