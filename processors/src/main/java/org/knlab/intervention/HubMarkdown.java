package org.knlab.intervention;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.knlab.neurons.NeuronFrequency;

/**
 * The hub-aware sets as Markdown: the frequency table in a line, then per row how much of the effect
 * the hubs carry and the neurons against hub-matched sets (p, and Benjamini–Hochberg q over the
 * relations of each evaluation × intervention) — what {@code kn interventions} and
 * {@code kn replicate-kn-figures} print under their own tables.
 */
public final class HubMarkdown {

    private HubMarkdown() {}

    public static String of(HubControls.Report report, InterventionSummary.Tables tables) {
        NeuronFrequency.Summary f = report.frequency();
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "%nHubs: neurons in more than %.1f%% of the sets of %d facts (source: %s), %d of %d distinct neurons;"
                        + " %.0f%% of those facts hold one. Top: %s. Frequency bands (upper edges) %s; %d of %d facts"
                        + " hold a hub; %d have an exact hub-matched control (%d sets each).%n%n",
                100 * f.hubThreshold(),
                f.facts(),
                f.source(),
                f.hubs().size(),
                f.distinctNeurons(),
                100 * f.factsWithHub(),
                f.hubs().stream()
                        .limit(5)
                        .map(h -> String.format(Locale.ROOT, "L%d.%d (%.1f%%)", h.layer(), h.index(), 100 * h.share()))
                        .collect(Collectors.joining(", ")),
                report.frequencyBands(),
                report.factsWithHub(),
                report.facts(),
                report.factsWithHubMatch(),
                report.hubControls()));
        b.append(
                "| group | evaluation | intervention | KN ratio of means | without hubs [95% CI] | carried by hubs [95% CI]"
                        + " | hub-matched (mean) | p | q | facts matched |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|\n");
        List<InterventionSummary.Row> rows =
                tables.rows().stream().filter(r -> r.hubs() != null).toList();
        for (int i = 0; i < rows.size(); i++) {
            InterventionSummary.Row r = rows.get(i);
            InterventionSummary.HubRow h = r.hubs();
            ControlComparison m = h.ratioOfMeansVsHubMatched();
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %+.1f%% | %s | %s | %s | %s | %s | %d |%n",
                    r.group(),
                    r.evaluation(),
                    r.intervention(),
                    100 * r.neurons().ratioOfMeans(),
                    h.hubFree() == null
                            ? "–"
                            : String.format(
                                    Locale.ROOT,
                                    "%+.1f%% [%+.1f, %+.1f]",
                                    100 * h.hubFree().ratioOfMeans(),
                                    100 * h.hubFreeRatioOfMeansCi().low(),
                                    100 * h.hubFreeRatioOfMeansCi().high()),
                    h.hubFree() == null
                            ? "–"
                            : String.format(
                                    Locale.ROOT,
                                    "%.2f [%.2f, %.2f]",
                                    h.carriedByHubs(),
                                    h.carriedByHubsCi().low(),
                                    h.carriedByHubsCi().high()),
                    m == null ? "–" : String.format(Locale.ROOT, "%+.1f%%", 100 * m.controlMean()),
                    m == null ? "–" : String.format(Locale.ROOT, "%.3f", m.p()),
                    Double.isNaN(h.hubMatchedQ()) ? "–" : String.format(Locale.ROOT, "%.3f", h.hubMatchedQ()),
                    h.matchedFacts()));
        }
        return b.toString();
    }
}
