package org.knlab.sae;

import java.util.Locale;

/** A {@code train-sae} report as Markdown: what was trained on, then one row per layer. */
public final class SaeMarkdown {

    private SaeMarkdown() {}

    public static String of(SaeTrainingReport r) {
        StringBuilder b = new StringBuilder(String.format(
                Locale.ROOT,
                "Dictionary %s of %s: TopK SAEs on %s at the answer position of %d prompts (%d facts; %d facts"
                        + " kept out for evaluation, %d prompts; %d facts of the given neuron sets kept out of"
                        + " both); %.1f min.%n%n",
                r.dictionary(),
                r.modelId(),
                r.neuronHook(),
                r.dataset().rows(),
                r.trainingFacts(),
                r.evaluationFacts(),
                r.evaluationPrompts(),
                r.excludedFacts(),
                r.minutes()));
        b.append("| layer | width | k | steps | explained variance | L0 | dead | P(gold) | with reconstruction"
                        + " (kept) | top-1 | with reconstruction | rows/s |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (SaeTrainingReport.LayerQuality q : r.layers()) {
            b.append(String.format(
                    Locale.ROOT,
                    "| %d | %d | %d | %d | %.3f | %.1f | %.1f%% | %.3f | %.3f (%.0f%%) | %.2f | %.2f | %.0f |%n",
                    q.layer(),
                    q.width(),
                    q.k(),
                    q.steps(),
                    q.explainedVariance(),
                    q.l0(),
                    100 * q.deadShare(),
                    q.pGold(),
                    q.pGoldReconstructed(),
                    100 * q.pGoldKept(),
                    q.accuracy(),
                    q.accuracyReconstructed(),
                    q.rowsPerSecond()));
        }
        return b.toString();
    }
}
