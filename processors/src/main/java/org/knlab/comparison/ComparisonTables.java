package org.knlab.comparison;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.knlab.comparison.MethodComparison.FactResult;
import org.knlab.comparison.MethodComparison.SetResult;
import org.knlab.intervention.Bootstrap;
import org.knlab.intervention.ControlComparison;
import org.knlab.intervention.EffectSummary;
import org.knlab.intervention.PromptOutcome;

/**
 * The answer to the critic as tables: per method and budget, the held-out suppression effect (both
 * aggregations, bootstrap CIs over facts, accuracy, KL) against matched random controls,
 * specificity, overlap with IG and seconds per fact — the rows of size "kn" are the headline table,
 * the grid's rows the effect-vs-k curves; the mean Jaccard of every pair of methods per budget;
 * the gradient check; the causal search's mean cost.
 */
public final class ComparisonTables {

    /**
     * One method × budget over facts. {@code meanK}: mean set size (the "kn" budget varies by fact).
     * {@code vsControls}: ratio of means against the matched random controls (null for random).
     * {@code sameRelation} / {@code otherRelation}: ratio of means on another fact's prompts.
     */
    public record MethodRow(
            String method,
            String size,
            int facts,
            double meanK,
            EffectSummary heldOut,
            Bootstrap.Interval ratioOfMeansCi,
            Bootstrap.Interval meanOfRatiosCi,
            ControlComparison vsControls,
            Double sameRelation,
            Double otherRelation,
            double jaccardWithIg,
            double secondsPerFact) {}

    /** Mean Jaccard between two methods' sets at one budget, over facts. */
    public record Overlap(String size, String method, String other, double jaccard) {}

    public record Tables(
            int facts,
            int skippedFacts,
            List<MethodRow> methods,
            List<Overlap> overlap,
            List<GradientCheck.Row> gradientCheck,
            SearchCost meanSearchCost) {}

    private ComparisonTables() {}

    public static Tables of(List<FactResult> facts, int skipped, int resamples, long seed) {
        Map<String, List<SetResult>> byKey = new LinkedHashMap<>();
        facts.forEach(f -> f.sets()
                .forEach(s -> byKey.computeIfAbsent(s.method().id() + "@" + s.size(), k -> new ArrayList<>())
                        .add(s)));
        List<MethodRow> rows = new ArrayList<>();
        byKey.forEach((key, sets) -> rows.add(row(sets, facts, resamples, seed)));
        return new Tables(
                facts.size(),
                skipped,
                rows,
                overlap(facts),
                GradientCheck.rows(facts.stream().map(FactResult::gradientCheck).toList()),
                meanCost(facts));
    }

    private static MethodRow row(List<SetResult> sets, List<FactResult> facts, int resamples, long seed) {
        SetResult first = sets.get(0);
        List<List<PromptOutcome>> held = sets.stream().map(SetResult::heldOut).toList();
        EffectSummary effect = EffectSummary.of(held);
        ControlComparison vsControls = null;
        int controls = first.controls().size();
        if (controls >= 2) {
            double[] c = new double[controls];
            for (int j = 0; j < controls; j++) {
                int jj = j;
                c[j] = EffectSummary.ratioOfMeans(
                        sets.stream().map(s -> s.controls().get(jj)).toList());
            }
            vsControls = ControlComparison.of(effect.ratioOfMeans(), c);
        }
        double seconds = facts.stream()
                .mapToDouble(f -> f.seconds().getOrDefault(first.method(), 0.0))
                .average()
                .orElse(Double.NaN);
        return new MethodRow(
                first.method().id(),
                first.size(),
                sets.size(),
                sets.stream().mapToInt(SetResult::k).average().orElse(Double.NaN),
                effect,
                Bootstrap.interval(held, EffectSummary::ratioOfMeans, resamples, 0.95, seed),
                Bootstrap.interval(held, EffectSummary::meanOfRatios, resamples, 0.95, seed),
                vsControls,
                pooled(sets.stream().map(SetResult::sameRelation).toList()),
                pooled(sets.stream().map(SetResult::otherRelation).toList()),
                meanJaccard(facts, first.size(), first.method(), SelectionMethod.IG),
                seconds);
    }

    /** Ratio of means over the facts that had such prompts; null when none had. */
    private static Double pooled(List<List<PromptOutcome>> outcomes) {
        List<List<PromptOutcome>> present =
                outcomes.stream().filter(o -> !o.isEmpty()).toList();
        return present.isEmpty() ? null : EffectSummary.ratioOfMeans(present);
    }

    private static List<Overlap> overlap(List<FactResult> facts) {
        List<Overlap> out = new ArrayList<>();
        List<String> sizes = facts.stream()
                .flatMap(f -> f.sets().stream().map(SetResult::size))
                .distinct()
                .toList();
        List<SelectionMethod> methods = facts.stream()
                .flatMap(f -> f.sets().stream().map(SetResult::method))
                .distinct()
                .toList();
        for (String size : sizes) {
            for (int a = 0; a < methods.size(); a++) {
                for (int b = a + 1; b < methods.size(); b++) {
                    out.add(new Overlap(
                            size,
                            methods.get(a).id(),
                            methods.get(b).id(),
                            meanJaccard(facts, size, methods.get(a), methods.get(b))));
                }
            }
        }
        return out;
    }

    /** Mean over the facts where both methods have a set of this size (NaN when none). */
    static double meanJaccard(List<FactResult> facts, String size, SelectionMethod a, SelectionMethod b) {
        return facts.stream()
                .map(f -> {
                    SetResult x = find(f, a, size);
                    SetResult y = find(f, b, size);
                    return x == null || y == null ? null : NeuronRanking.jaccard(x.neurons(), y.neurons());
                })
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .average()
                .orElse(Double.NaN);
    }

    private static SetResult find(FactResult f, SelectionMethod method, String size) {
        return f.sets().stream()
                .filter(s -> s.method() == method && s.size().equals(size))
                .findFirst()
                .orElse(null);
    }

    private static SearchCost meanCost(List<FactResult> facts) {
        List<SearchCost> costs =
                facts.stream().map(FactResult::search).filter(Objects::nonNull).toList();
        if (costs.isEmpty()) {
            return null;
        }
        return new SearchCost(
                Math.round(
                        costs.stream().mapToLong(SearchCost::passes).average().orElseThrow()),
                Math.round(costs.stream().mapToLong(SearchCost::rows).average().orElseThrow()),
                costs.stream().mapToDouble(SearchCost::seconds).average().orElseThrow());
    }
}
