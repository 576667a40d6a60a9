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
                + " change rescaled to the neurons' ‖Δa‖:\n\n"
                + "| evaluation | scale | size | unit | facts | change [95% CI] | top-1 flips out / in |\n"
                + "|---|---|---|---|---|---|---|\n");
        study.table().stream()
                .sorted(java.util.Comparator.comparing(FactorComparison.Row::evaluation)
                        .thenComparing(FactorComparison.Row::scale)
                        .thenComparing(FactorComparison.Row::size))
                .forEach(r -> b.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | %d | %+.1f%% [%+.1f, %+.1f] | %.2f / %.2f |%n",
                        r.evaluation(),
                        r.scale(),
                        r.size(),
                        r.unit(),
                        r.facts(),
                        100 * r.meanChange(),
                        100 * r.ciLow(),
                        100 * r.ciHigh(),
                        r.flipsOut(),
                        r.flipsIn())));
        return b.toString();
    }
}
