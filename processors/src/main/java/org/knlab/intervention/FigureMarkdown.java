package org.knlab.intervention;

import java.util.List;
import java.util.Locale;

/**
 * The replication as Markdown — the per-relation figure table, the paper's numbers, the dropout
 * curve — what {@code kn replicate-kn-figures} prints and the step's event carries.
 */
public final class FigureMarkdown {

    private FigureMarkdown() {}

    public static String of(List<FigureRow> figures, DropoutCurve dropout) {
        StringBuilder b = new StringBuilder();
        b.append(
                "Change of gold probability: authors' ratio of means (EleutherAI's mean of ratios) [matched random"
                        + " controls' mean; z; Benjamini-Hochberg q over the relations; top-1 flips out of / into the gold].\n\n");
        b.append("| relation | facts | KN/fact | suppress related | suppress unrelated | amplify related"
                + " | amplify unrelated | acc. before → suppress / amplify | grad-matched suppress |\n");
        b.append("|---|---|---|---|---|---|---|---|---|\n");
        for (FigureRow f : figures) {
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.1f | %s | %s | %s | %s | %.2f → %.2f / %.2f | %s |%n",
                    f.relation(),
                    f.facts(),
                    f.meanNeurons(),
                    cell(f.suppressRelated()),
                    cell(f.suppressUnrelated()),
                    cell(f.amplifyRelated()),
                    cell(f.amplifyUnrelated()),
                    f.accuracyBefore(),
                    f.accuracyAfterSuppress(),
                    f.accuracyAfterAmplify(),
                    pct(f.suppressRelated().gradientMatchedRatioOfMeans())));
        }
        PaperFigures paper = PaperFigures.DAI_ET_AL;
        b.append(String.format(
                Locale.ROOT,
                "| paper (Dai et al., 34 relations) | | | %+.2f%% | %+.2f%% | %+.2f%% | %+.2f%% | | |%n",
                100 * paper.suppressRelated(),
                100 * paper.suppressUnrelated(),
                100 * paper.amplifyRelated(),
                100 * paper.amplifyUnrelated()));
        b.append(
                "| EleutherAI (mean of ratios, 34 of their 39 relations) | | | −62.2% | −3.4% | +347% (all 39) | | | |\n\n");
        b.append("Random dropout at [MASK] (all layers; mean ± sd over draws):\n\n");
        b.append("| fraction | neurons | ratio of means | mean of ratios | accuracy before → after | mean KL |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (DropoutCurve.Point p : dropout.points()) {
            b.append(String.format(
                    Locale.ROOT,
                    "| %.2f%% | %d | %s ± %.2f | %s ± %.2f | %.3f → %.3f ± %.3f | %.4f |%n",
                    p.fraction() * 100,
                    p.neurons(),
                    pct(p.ratioOfMeans()),
                    p.ratioOfMeansSd() * 100,
                    pct(p.meanOfRatios()),
                    p.meanOfRatiosSd() * 100,
                    p.accuracyBefore(),
                    p.accuracyAfter(),
                    p.accuracyAfterSd(),
                    p.meanKl()));
        }
        return b.toString();
    }

    private static String cell(FigureRow.Column c) {
        return String.format(
                Locale.ROOT,
                "%s (%s) [%s; z %.1f%s; flips %.2f / %.2f]",
                pct(c.ratioOfMeans()),
                pct(c.meanOfRatios()),
                pct(c.controlRatioOfMeans()),
                c.z(),
                Double.isNaN(c.q()) ? "" : String.format(Locale.ROOT, "; q %.3f", c.q()),
                c.flipsOut(),
                c.flipsIn());
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+.1f%%", v * 100);
    }
}
