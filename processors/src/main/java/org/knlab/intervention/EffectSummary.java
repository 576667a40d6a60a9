package org.knlab.intervention;

import java.util.List;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * An intervention's effect on a group of facts, with both aggregations the literature uses:
 * <ul>
 *   <li>{@code ratioOfMeans}: (mean after − mean before) / mean before over all prompts pooled —
 *       the authors' metric, dominated by prompts with high gold probability;</li>
 *   <li>{@code meanOfRatios}: per prompt (after − before) / before, averaged per fact, then over
 *       facts — EleutherAI's, dominated by prompts with low gold probability.</li>
 * </ul>
 * Plus top-1 accuracy, the flip rates (share of prompts whose top-1 leaves the gold, and whose top-1
 * reaches it), gold rank (mean and median) and mean KL(before ‖ after).
 */
public record EffectSummary(
        int facts,
        int prompts,
        double ratioOfMeans,
        double meanOfRatios,
        double accuracyBefore,
        double accuracyAfter,
        double flipsOut,
        double flipsIn,
        double meanRankBefore,
        double meanRankAfter,
        double medianRankBefore,
        double medianRankAfter,
        double meanKl) {

    /** @param byFact each fact's prompt outcomes (facts without prompts are skipped) */
    public static EffectSummary of(List<List<PromptOutcome>> byFact) {
        List<List<PromptOutcome>> facts =
                byFact.stream().filter(f -> !f.isEmpty()).toList();
        DescriptiveStatistics before = new DescriptiveStatistics();
        DescriptiveStatistics after = new DescriptiveStatistics();
        DescriptiveStatistics correctBefore = new DescriptiveStatistics();
        DescriptiveStatistics correctAfter = new DescriptiveStatistics();
        DescriptiveStatistics flipsOut = new DescriptiveStatistics();
        DescriptiveStatistics flipsIn = new DescriptiveStatistics();
        DescriptiveStatistics rankBefore = new DescriptiveStatistics();
        DescriptiveStatistics rankAfter = new DescriptiveStatistics();
        DescriptiveStatistics kl = new DescriptiveStatistics();
        for (List<PromptOutcome> fact : facts) {
            for (PromptOutcome o : fact) {
                before.addValue(o.before());
                after.addValue(o.after());
                correctBefore.addValue(o.correctBefore() ? 1 : 0);
                correctAfter.addValue(o.correctAfter() ? 1 : 0);
                flipsOut.addValue(o.correctBefore() && !o.correctAfter() ? 1 : 0);
                flipsIn.addValue(!o.correctBefore() && o.correctAfter() ? 1 : 0);
                rankBefore.addValue(o.rankBefore());
                rankAfter.addValue(o.rankAfter());
                kl.addValue(o.kl());
            }
        }
        return new EffectSummary(
                facts.size(),
                (int) before.getN(),
                ratioOfMeans(facts),
                meanOfRatios(facts),
                correctBefore.getMean(),
                correctAfter.getMean(),
                flipsOut.getMean(),
                flipsIn.getMean(),
                rankBefore.getMean(),
                rankAfter.getMean(),
                rankBefore.getPercentile(50),
                rankAfter.getPercentile(50),
                kl.getMean());
    }

    /** The authors' aggregation: change of the pooled mean probability, relative to it. */
    public static double ratioOfMeans(List<List<PromptOutcome>> byFact) {
        double before = 0;
        double after = 0;
        for (List<PromptOutcome> fact : byFact) {
            for (PromptOutcome o : fact) {
                before += o.before();
                after += o.after();
            }
        }
        return (after - before) / before;
    }

    /** EleutherAI's aggregation: mean over facts of the mean over prompts of the relative change. */
    public static double meanOfRatios(List<List<PromptOutcome>> byFact) {
        DescriptiveStatistics facts = new DescriptiveStatistics();
        for (List<PromptOutcome> fact : byFact) {
            if (!fact.isEmpty()) {
                facts.addValue(fact.stream()
                        .mapToDouble(PromptOutcome::relativeChange)
                        .average()
                        .orElseThrow());
            }
        }
        return facts.getMean();
    }

    /** exp(mean −log p(gold)): pseudo-perplexity when the rows mask each token of sentences in turn. */
    public static double[] perplexity(List<PromptOutcome> rows) {
        double before = rows.stream()
                .mapToDouble(PromptOutcome::logProbBefore)
                .average()
                .orElse(Double.NaN);
        double after =
                rows.stream().mapToDouble(PromptOutcome::logProbAfter).average().orElse(Double.NaN);
        return new double[] {Math.exp(-before), Math.exp(-after)};
    }
}
