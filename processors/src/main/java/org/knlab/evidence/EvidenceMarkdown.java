package org.knlab.evidence;

import java.util.List;
import java.util.Locale;
import org.knlab.evidence.ActivationEvidence.ContrastRow;
import org.knlab.evidence.ActivationEvidence.KindRow;

/** An activation-evidence study as Markdown: activation by prompt kind, then the separation tests. */
public final class EvidenceMarkdown {

    private EvidenceMarkdown() {}

    public static String of(ActivationEvidence.Study study) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "%d facts with knowledge neurons (%d skipped: none).%n%n",
                study.facts().size(),
                study.skipped()));
        List<String> kinds =
                study.kinds().stream().map(KindRow::kind).distinct().toList();
        b.append("Mean activation at [MASK] (post-GELU, mean over the set's neurons, then prompts, then facts;"
                + " relative to the own prompts in brackets):\n\n| set |");
        kinds.forEach(k -> b.append(' ').append(k).append(" |"));
        b.append("\n|---|").append("---|".repeat(kinds.size())).append('\n');
        for (String set : study.kinds().stream().map(KindRow::set).distinct().toList()) {
            b.append("| ").append(set).append(" |");
            study.kinds().stream()
                    .filter(r -> r.set().equals(set))
                    .forEach(r -> b.append(
                            String.format(Locale.ROOT, " %s (%s) |", num(r.meanActivation()), num(r.relativeToOwn()))));
            b.append('\n');
        }
        b.append("\nSeparation of the own prompts from each contrast's prompts (AUC, 0.5 = none). Difference:"
                + " AUC − 0.5 for the knowledge neurons, knowledge − control for a control, per fact; d_z and the"
                + " sign-flip permutation p of that difference:\n\n"
                + "| contrast | set | facts | AUC [95% CI] | difference | d_z | p |\n|---|---|---|---|---|---|---|\n");
        for (ContrastRow r : study.contrasts()) {
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %s [%s, %s] | %s | %s | %s |%n",
                    r.contrast(),
                    r.set(),
                    r.facts(),
                    num(r.meanAuc()),
                    num(r.ciLow()),
                    num(r.ciHigh()),
                    signed(r.difference()),
                    num(r.effectSize()),
                    p(r.permutationP())));
        }
        return b.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String signed(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+.3f", v);
    }

    private static String p(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, v < 0.001 ? "%.1e" : "%.3f", v);
    }
}
