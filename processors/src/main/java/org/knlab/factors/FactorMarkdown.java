package org.knlab.factors;

import java.util.Locale;

/** A factor comparison as Markdown: the fits, then the effects table. */
public final class FactorMarkdown {

    private FactorMarkdown() {}

    public static String of(FactorComparison.Study study) {
        StringBuilder b = new StringBuilder(String.format(
                Locale.ROOT,
                "%d facts with knowledge neurons (%d skipped: none).%n%n",
                study.facts().size(),
                study.skipped()));
        if (study.dictionary() != null) {
            b.append("Sparse autoencoder: dictionary ")
                    .append(study.dictionary())
                    .append(" (train-sae).\n\n");
        }
        b.append("Factor fits (relative Frobenius error on the relation's sample):\n\n"
                + "| relation | factorisation | layer | rank | relative error |\n|---|---|---|---|---|\n");
        study.fits()
                .forEach(f -> b.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %d | %d | %.3f |%n",
                        f.relation(),
                        f.factorisation(),
                        f.layer(),
                        f.rank(),
                        f.relativeError())));
        b.append("\nRelative change of P(gold) when the units are removed at [MASK] (mean over facts of the ratio of"
                + " means − 1, 95% bootstrap CI); size kn = each fact's knowledge-neuron count; equal-norm: every"
                + " change rescaled to the neurons' ‖Δa‖; curve: the top units by integrated gradients; touched:"
                + " share of prompts whose P(gold) halves:\n\n"
                + "| evaluation | scale | size | unit | facts | change [95% CI] | top-1 flips out / in | touched |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        study.table().stream()
                .sorted(java.util.Comparator.comparing(FactorComparison.Row::evaluation)
                        .thenComparing(FactorComparison.Row::scale)
                        .thenComparing(FactorComparison.Row::size))
                .forEach(r -> b.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | %d | %+.1f%% [%+.1f, %+.1f] | %.2f / %.2f | %.2f |%n",
                        r.evaluation(),
                        r.scale(),
                        r.size(),
                        r.unit(),
                        r.facts(),
                        100 * r.meanChange(),
                        100 * r.ciLow(),
                        100 * r.ciHigh(),
                        r.flipsOut(),
                        r.flipsIn(),
                        r.touched())));
        b.append("\nUnits needed to lower P(gold) on the own prompts by the target (top units by integrated"
                        + " gradients; median over facts, \"more\" when over half need more than the curve's largest"
                        + " size):\n\n")
                .append("| unit | facts | reached | median units needed |\n|---|---|---|---|\n");
        study.unitsNeeded()
                .forEach(r -> b.append(String.format(
                        Locale.ROOT,
                        "| %s | %d | %.2f | %s |%n",
                        r.unit(),
                        r.facts(),
                        r.reached(),
                        r.medianNeeded() == null ? "more" : r.medianNeeded().toString())));
        b.append("\nPurity of each fact's top unit (its top-activating prompts among all relations' prompts):\n\n")
                .append("| unit | facts | one relation | one object | the fact's relation |\n|---|---|---|---|---|\n");
        study.purity()
                .forEach(r -> b.append(String.format(
                        Locale.ROOT,
                        "| %s | %d | %.2f | %.2f | %.2f |%n",
                        r.unit(),
                        r.facts(),
                        r.relationPurity(),
                        r.objectPurity(),
                        r.ownRelationShare())));
        return b.toString();
    }
}
