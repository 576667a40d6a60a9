package org.knlab.comparison;

import java.util.List;
import java.util.Locale;
import org.knlab.comparison.ComparisonTables.MethodRow;
import org.knlab.comparison.ComparisonTables.Tables;

/** The comparison's tables as Markdown: the method table at each fact's own budget, effect vs k, overlap, gradient check, cost. */
public final class ComparisonMarkdown {

    private ComparisonMarkdown() {}

    public static String of(Tables t) {
        StringBuilder b = new StringBuilder(String.format(
                Locale.ROOT, "%d facts compared, %d skipped (no knowledge neuron).%n%n", t.facts(), t.skippedFacts()));
        b.append("Suppression on held-out prompts, k = each fact's knowledge-neuron count:\n\n")
                .append(
                        "| method | mean k | held-out ratio of means [95% CI] | mean of ratios [95% CI] | controls (mean) | z | p"
                                + " | accuracy before → after | top-1 flips out / in | KL | same-relation | other-relation"
                                + " | Jaccard with IG | s/fact |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        t.methods().stream()
                .filter(r -> r.size().equals(MethodComparison.OWN_SIZE))
                .forEach(r -> b.append(row(r)));
        List<String> sizes = t.methods().stream()
                .map(MethodRow::size)
                .filter(s -> !s.equals(MethodComparison.OWN_SIZE))
                .distinct()
                .toList();
        b.append("\nEffect vs k (held-out ratio of means; mean of ratios in brackets):\n\n| method |");
        sizes.forEach(s -> b.append(" k = ").append(s).append(" |"));
        b.append("\n|---|").append("---|".repeat(sizes.size())).append('\n');
        t.methods().stream().map(MethodRow::method).distinct().forEach(m -> {
            b.append("| ").append(m).append(" |");
            for (String s : sizes) {
                t.methods().stream()
                        .filter(r -> r.method().equals(m) && r.size().equals(s))
                        .findFirst()
                        .ifPresentOrElse(
                                r -> b.append(String.format(
                                        Locale.ROOT,
                                        " %+.1f%% (%+.1f%%) |",
                                        100 * r.heldOut().ratioOfMeans(),
                                        100 * r.heldOut().meanOfRatios())),
                                () -> b.append(" – |"));
            }
            b.append('\n');
        });
        b.append("\nMean Jaccard between methods:\n\n| k | method | other | Jaccard |\n|---|---|---|---|\n");
        t.overlap()
                .forEach(o -> b.append(String.format(
                        Locale.ROOT, "| %s | %s | %s | %.2f |%n", o.size(), o.method(), o.other(), o.jaccard())));
        b.append("\nGradient check (held-out prompts; ΔP measured vs first-order Σ ∂P/∂a·Δa):\n\n"
                + "| set | intervention | facts | measured ΔP | predicted ΔP | measured / predicted | Pearson r |\n"
                + "|---|---|---|---|---|---|---|\n");
        t.gradientCheck()
                .forEach(g -> b.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %d | %+.4f | %+.4f | %.2f | %.2f |%n",
                        g.set(),
                        g.intervention(),
                        g.facts(),
                        g.measured(),
                        g.predicted(),
                        g.measuredOverPredicted(),
                        g.pearson())));
        if (t.meanSearchCost() != null) {
            b.append(String.format(
                    Locale.ROOT,
                    "%nCausal search per fact: %d passes, %d rows, %.1f s.%n",
                    t.meanSearchCost().passes(),
                    t.meanSearchCost().rows(),
                    t.meanSearchCost().seconds()));
        }
        return b.toString();
    }

    private static String row(MethodRow r) {
        return String.format(
                Locale.ROOT,
                "| %s | %.1f | %+.1f%% [%+.1f, %+.1f] | %+.1f%% [%+.1f, %+.1f] | %s | %s | %s"
                        + " | %.2f → %.2f | %.2f / %.2f | %.4f | %s | %s | %.2f | %.1f |%n",
                r.method(),
                r.meanK(),
                100 * r.heldOut().ratioOfMeans(),
                100 * r.ratioOfMeansCi().low(),
                100 * r.ratioOfMeansCi().high(),
                100 * r.heldOut().meanOfRatios(),
                100 * r.meanOfRatiosCi().low(),
                100 * r.meanOfRatiosCi().high(),
                r.vsControls() == null ? "–" : percent(r.vsControls().controlMean()),
                r.vsControls() == null
                        ? "–"
                        : String.format(Locale.ROOT, "%.1f", r.vsControls().z()),
                r.vsControls() == null
                        ? "–"
                        : String.format(Locale.ROOT, "%.3f", r.vsControls().p()),
                r.heldOut().accuracyBefore(),
                r.heldOut().accuracyAfter(),
                r.heldOut().flipsOut(),
                r.heldOut().flipsIn(),
                r.heldOut().meanKl(),
                r.sameRelation() == null ? "–" : percent(r.sameRelation()),
                r.otherRelation() == null ? "–" : percent(r.otherRelation()),
                r.jaccardWithIg(),
                r.secondsPerFact());
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%+.1f%%", 100 * v);
    }
}
