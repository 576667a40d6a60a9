package org.knlab.editing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One edit's numbers, named as the editing literature does ("group.metric"; NaN where a group has
 * no prompts). On the edited prompt (efficacy) and the fact's other prompts (paraphrase, heldOut):
 * {@code top1} (t′ is the answer), {@code top5}, {@code deltaP} (Δp(t′)), {@code rank} (of t′),
 * {@code changed} (top-1 differs from before), {@code rome} (p(t′) > p(t), ROME's efficacy and
 * paraphrase rates). On other facts (specificity): {@code accuracyBefore/After}, {@code kl},
 * {@code rome} (the true answer still beats t′: ROME's neighbourhood rate), {@code logPplBefore/After}
 * (mean −log p(gold): the authors' cloze perplexity is exp of its mean over edits). Symmetry:
 * {@code inverse.top1Before/After} (the inverse prompt about t′ answers the subject). Fluency:
 * pseudo-perplexity before/after. {@code score}: the harmonic mean of the three ROME rates.
 */
public final class EditMetrics {

    public static final String SCORE = "score";

    private EditMetrics() {}

    public static Map<String, Double> of(Map<EditGroup, List<EditedPrompt>> byGroup) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (EditGroup g : List.of(EditGroup.EDITED, EditGroup.PARAPHRASE, EditGroup.HELD_OUT)) {
            List<EditedPrompt> rows = byGroup.getOrDefault(g, List.of());
            out.put(g.id() + ".top1", mean(rows, p -> p.newRankAfter() == 1 ? 1 : 0));
            out.put(g.id() + ".top5", mean(rows, p -> p.newRankAfter() <= 5 ? 1 : 0));
            out.put(g.id() + ".deltaP", mean(rows, p -> Math.exp(p.newAfter()) - Math.exp(p.newBefore())));
            out.put(g.id() + ".rank", mean(rows, EditedPrompt::newRankAfter));
            out.put(g.id() + ".changed", mean(rows, p -> p.top1After() != p.top1Before() ? 1 : 0));
            out.put(g.id() + ".rome", mean(rows, p -> p.newAfter() > p.oldAfter() ? 1 : 0));
        }
        for (EditGroup g : List.of(EditGroup.SAME_RELATION, EditGroup.OTHER_RELATION, EditGroup.SAME_ANSWER)) {
            List<EditedPrompt> rows = byGroup.getOrDefault(g, List.of());
            out.put(g.id() + ".accuracyBefore", mean(rows, p -> p.goldRankBefore() == 1 ? 1 : 0));
            out.put(g.id() + ".accuracyAfter", mean(rows, p -> p.goldRankAfter() == 1 ? 1 : 0));
            out.put(g.id() + ".kl", mean(rows, EditedPrompt::kl));
            out.put(g.id() + ".rome", mean(rows, p -> p.goldAfter() > p.newAfter() ? 1 : 0));
            out.put(g.id() + ".logPplBefore", mean(rows, p -> -p.goldBefore()));
            out.put(g.id() + ".logPplAfter", mean(rows, p -> -p.goldAfter()));
        }
        List<EditedPrompt> inverse = byGroup.getOrDefault(EditGroup.INVERSE, List.of());
        out.put("inverse.top1Before", mean(inverse, p -> p.goldRankBefore() == 1 ? 1 : 0));
        out.put("inverse.top1After", mean(inverse, p -> p.goldRankAfter() == 1 ? 1 : 0));
        List<EditedPrompt> fluency = byGroup.getOrDefault(EditGroup.FLUENCY, List.of());
        out.put("fluency.pplBefore", Math.exp(mean(fluency, p -> -p.goldBefore())));
        out.put("fluency.pplAfter", Math.exp(mean(fluency, p -> -p.goldAfter())));
        out.put(
                SCORE,
                harmonicMean(out.get("efficacy.rome"), out.get("paraphrase.rome"), out.get("sameRelation.rome")));
        return out;
    }

    /** n / Σ 1/x: 0 when any rate is 0, NaN when any is NaN. */
    public static double harmonicMean(double... rates) {
        double inverse = 0;
        for (double r : rates) {
            if (Double.isNaN(r)) {
                return Double.NaN;
            }
            if (r == 0) {
                return 0;
            }
            inverse += 1 / r;
        }
        return rates.length / inverse;
    }

    private static double mean(List<EditedPrompt> rows, ToDoubleFunction<EditedPrompt> f) {
        return rows.stream().mapToDouble(f).average().orElse(Double.NaN);
    }
}
