package org.knlab.intervention;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.knlab.intervention.InterventionExperiment.Cell;
import org.knlab.intervention.InterventionExperiment.FactRecord;

/**
 * The tables behind an intervention experiment, per relation and for all facts pooled ("all"):
 * the knowledge neurons' effect with both aggregations, bootstrap CIs over facts, the matched
 * random controls' distribution with z, p and (per relation) Benjamini–Hochberg q, the
 * gradient-matched control, the hub-aware sets, and pseudo-perplexity.
 */
public final class InterventionSummary {

    public static final String ALL = "all";

    /** One group × evaluation set × intervention; what was not measured (null) is left out of its JSON. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Row(
            String group,
            String evaluation,
            String intervention,
            EffectSummary neurons,
            Bootstrap.Interval ratioOfMeansCi,
            Bootstrap.Interval meanOfRatiosCi,
            ControlComparison ratioOfMeansVsControls,
            ControlComparison meanOfRatiosVsControls,
            ControlComparison accuracyAfterVsControls,
            EffectSummary gradientMatched,
            HubRow hubs,
            double q) {

        /** This row with the Benjamini–Hochberg q of its p and of its hub-matched p. */
        Row withQ(double q, double hubMatchedQ) {
            return new Row(
                    group,
                    evaluation,
                    intervention,
                    neurons,
                    ratioOfMeansCi,
                    meanOfRatiosCi,
                    ratioOfMeansVsControls,
                    meanOfRatiosVsControls,
                    accuracyAfterVsControls,
                    gradientMatched,
                    hubs == null ? null : hubs.withQ(hubMatchedQ),
                    q);
        }
    }

    /**
     * How much of the effect the hubs carry, for a row whose facts had hub-aware sets.
     *
     * @param hubFree the sets without their hubs (null when not evaluated)
     * @param carriedByHubs 1 − hub-free ratio of means / the neurons' ratio of means: the share of the
     *     effect lost when the hubs are left out (0 = hubs add nothing, 1 = the hubs are the effect)
     * @param matchedFacts facts with an exact hub-matched control (the comparison is over those)
     * @param ratioOfMeansVsHubMatched the neurons' ratio of means on those facts against each
     *     hub-matched set's (null when no fact had one)
     * @param hubMatchedQ its p's Benjamini–Hochberg q over the relations (as {@link Row#q})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HubRow(
            EffectSummary hubFree,
            Bootstrap.Interval hubFreeRatioOfMeansCi,
            double carriedByHubs,
            Bootstrap.Interval carriedByHubsCi,
            int matchedFacts,
            ControlComparison ratioOfMeansVsHubMatched,
            double hubMatchedQ) {

        HubRow withQ(double q) {
            return new HubRow(
                    hubFree,
                    hubFreeRatioOfMeansCi,
                    carriedByHubs,
                    carriedByHubsCi,
                    matchedFacts,
                    ratioOfMeansVsHubMatched,
                    q);
        }
    }

    /** Pseudo-perplexity of the held-out sentences before and after, with the controls' values after. */
    public record PerplexityRow(
            String group,
            String intervention,
            double before,
            double after,
            Double gradientMatchedAfter,
            ControlComparison afterVsControls) {}

    public record Tables(List<Row> rows, List<PerplexityRow> perplexity) {}

    private InterventionSummary() {}

    public static Tables of(List<FactRecord> records, int resamples, long seed) {
        Map<String, List<FactRecord>> groups = new LinkedHashMap<>();
        groups.put(ALL, records);
        records.forEach(r -> groups.computeIfAbsent(r.fact().relation(), k -> new ArrayList<>())
                .add(r));
        List<Row> rows = new ArrayList<>();
        List<PerplexityRow> perplexity = new ArrayList<>();
        groups.forEach((group, facts) -> {
            for (String evaluation : evaluations(facts)) {
                for (InterventionKind kind : interventions(facts, evaluation)) {
                    List<Cell> cells = facts.stream()
                            .map(f ->
                                    f.cells().getOrDefault(evaluation, Map.of()).get(kind))
                            .filter(Objects::nonNull)
                            .toList();
                    if (evaluation.equals(InterventionExperiment.PERPLEXITY)) {
                        perplexity.add(perplexityRow(group, kind, cells));
                    } else {
                        rows.add(row(group, evaluation, kind, cells, resamples, seed));
                    }
                }
            }
        });
        return new Tables(withQ(rows), perplexity);
    }

    private static Row row(
            String group, String evaluation, InterventionKind kind, List<Cell> cells, int resamples, long seed) {
        List<List<PromptOutcome>> neurons = cells.stream().map(Cell::neurons).toList();
        EffectSummary effect = EffectSummary.of(neurons);
        int controls = cells.get(0).controls().size();
        EffectSummary[] control = new EffectSummary[controls];
        for (int j = 0; j < controls; j++) {
            int c = j;
            control[j] = EffectSummary.of(
                    cells.stream().map(x -> x.controls().get(c)).toList());
        }
        EffectSummary gradient = cells.get(0).gradientMatched() == null
                ? null
                : EffectSummary.of(cells.stream().map(Cell::gradientMatched).toList());
        return new Row(
                group,
                evaluation,
                kind.id(),
                effect,
                Bootstrap.interval(neurons, EffectSummary::ratioOfMeans, resamples, 0.95, seed),
                Bootstrap.interval(neurons, EffectSummary::meanOfRatios, resamples, 0.95, seed),
                versus(effect, control, EffectSummary::ratioOfMeans),
                versus(effect, control, EffectSummary::meanOfRatios),
                versus(effect, control, EffectSummary::accuracyAfter),
                gradient,
                hubRow(cells, resamples, seed),
                Double.NaN);
    }

    /**
     * The rows with Benjamini–Hochberg q beside each per-relation p: the relations of one evaluation ×
     * intervention are one family; the pooled rows get NaN.
     */
    private static List<Row> withQ(List<Row> rows) {
        Function<Row, String> family = r -> r.evaluation() + "/" + r.intervention();
        Predicate<Row> perRelation = r -> !r.group().equals(ALL);
        double[] q = FalseDiscovery.byFamily(
                rows, family, r -> r.ratioOfMeansVsControls().p(), perRelation);
        double[] hubQ = FalseDiscovery.byFamily(
                rows,
                family,
                r -> r.hubs() == null || r.hubs().ratioOfMeansVsHubMatched() == null
                        ? Double.NaN
                        : r.hubs().ratioOfMeansVsHubMatched().p(),
                perRelation);
        List<Row> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            out.add(rows.get(i).withQ(q[i], hubQ[i]));
        }
        return out;
    }

    /** Null when no fact had hub-aware sets. */
    private static HubRow hubRow(List<Cell> cells, int resamples, long seed) {
        List<Cell> withFree = cells.stream().filter(c -> c.hubFree() != null).toList();
        List<Cell> matched =
                cells.stream().filter(c -> !c.hubMatched().isEmpty()).toList();
        if (withFree.isEmpty() && matched.isEmpty()) {
            return null;
        }
        ToDoubleFunction<List<Cell>> carried = cs -> 1
                - EffectSummary.ratioOfMeans(cs.stream().map(Cell::hubFree).toList())
                        / EffectSummary.ratioOfMeans(
                                cs.stream().map(Cell::neurons).toList());
        List<List<PromptOutcome>> free = withFree.stream().map(Cell::hubFree).toList();
        ControlComparison vsMatched = null;
        if (!matched.isEmpty()) {
            EffectSummary[] controls =
                    new EffectSummary[matched.get(0).hubMatched().size()];
            for (int j = 0; j < controls.length; j++) {
                int c = j;
                controls[j] = EffectSummary.of(
                        matched.stream().map(x -> x.hubMatched().get(c)).toList());
            }
            vsMatched = versus(
                    EffectSummary.of(matched.stream().map(Cell::neurons).toList()),
                    controls,
                    EffectSummary::ratioOfMeans);
        }
        return new HubRow(
                withFree.isEmpty() ? null : EffectSummary.of(free),
                Bootstrap.interval(free, EffectSummary::ratioOfMeans, resamples, 0.95, seed),
                withFree.isEmpty() ? Double.NaN : carried.applyAsDouble(withFree),
                Bootstrap.interval(withFree, carried, resamples, 0.95, seed),
                matched.size(),
                vsMatched,
                Double.NaN);
    }

    private static ControlComparison versus(
            EffectSummary effect, EffectSummary[] controls, Function<EffectSummary, Double> metric) {
        double[] values = new double[controls.length];
        for (int j = 0; j < values.length; j++) {
            values[j] = metric.apply(controls[j]);
        }
        return ControlComparison.of(metric.apply(effect), values);
    }

    private static PerplexityRow perplexityRow(String group, InterventionKind kind, List<Cell> cells) {
        double[] neurons = EffectSummary.perplexity(
                pooled(cells.stream().map(Cell::neurons).toList()));
        Double gradient = cells.get(0).gradientMatched() == null
                ? null
                : EffectSummary.perplexity(
                        pooled(cells.stream().map(Cell::gradientMatched).toList()))[1];
        int controls = cells.get(0).controls().size();
        double[] after = new double[controls];
        for (int j = 0; j < controls; j++) {
            int c = j;
            after[j] = EffectSummary.perplexity(
                    pooled(cells.stream().map(x -> x.controls().get(c)).toList()))[1];
        }
        return new PerplexityRow(
                group,
                kind.id(),
                neurons[0],
                neurons[1],
                gradient,
                controls >= 2 ? ControlComparison.of(neurons[1], after) : null);
    }

    private static List<PromptOutcome> pooled(List<List<PromptOutcome>> lists) {
        return lists.stream().flatMap(List::stream).toList();
    }

    private static List<String> evaluations(List<FactRecord> facts) {
        return facts.stream()
                .flatMap(f -> f.cells().keySet().stream())
                .distinct()
                .toList();
    }

    private static List<InterventionKind> interventions(List<FactRecord> facts, String evaluation) {
        return facts.stream()
                .flatMap(f -> f.cells().getOrDefault(evaluation, Map.of()).keySet().stream())
                .distinct()
                .toList();
    }
}
