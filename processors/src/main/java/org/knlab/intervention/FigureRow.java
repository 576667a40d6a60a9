package org.knlab.intervention;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knlab.attribution.KnowledgeNeuronFinder;

/**
 * One relation's line of Figures 3 and 4: suppress and amplify, related and unrelated, each with
 * both aggregations and the matched random controls; related accuracy before and after.
 */
public record FigureRow(
        String relation,
        int facts,
        double meanNeurons,
        Column suppressRelated,
        Column suppressUnrelated,
        Column amplifyRelated,
        Column amplifyUnrelated,
        double accuracyBefore,
        double accuracyAfterSuppress,
        double accuracyAfterAmplify) {

    /**
     * The knowledge neurons' change (both ways), the controls' mean change, the z and p of the first, and
     * p's Benjamini–Hochberg q over the relations (the column's tests as one family; NaN in the mean and
     * pooled rows); the top-1 flips out of and into the gold; the share of the change the hubs carry
     * (NaN without hub-free sets).
     */
    public record Column(
            double ratioOfMeans,
            double meanOfRatios,
            double controlRatioOfMeans,
            double z,
            double p,
            double q,
            double gradientMatchedRatioOfMeans,
            double flipsOut,
            double flipsIn,
            double carriedByHubs) {

        static Column of(InterventionSummary.Row r) {
            ControlComparison c = r.ratioOfMeansVsControls();
            return new Column(
                    r.neurons().ratioOfMeans(),
                    r.neurons().meanOfRatios(),
                    c.controlMean(),
                    c.z(),
                    c.p(),
                    r.q(),
                    r.gradientMatched() == null
                            ? Double.NaN
                            : r.gradientMatched().ratioOfMeans(),
                    r.neurons().flipsOut(),
                    r.neurons().flipsIn(),
                    r.hubs() == null ? Double.NaN : r.hubs().carriedByHubs());
        }

        static Column mean(List<Column> cols) {
            return new Column(
                    avg(cols, Column::ratioOfMeans),
                    avg(cols, Column::meanOfRatios),
                    avg(cols, Column::controlRatioOfMeans),
                    avg(cols, Column::z),
                    Double.NaN,
                    Double.NaN,
                    avg(cols, Column::gradientMatchedRatioOfMeans),
                    avg(cols, Column::flipsOut),
                    avg(cols, Column::flipsIn),
                    avg(cols, Column::carriedByHubs));
        }
    }

    /** The per-relation rows, then the unweighted mean over relations (the authors' headline), then all facts pooled. */
    public static List<FigureRow> of(InterventionSummary.Tables tables, KnowledgeNeuronFinder.Result neurons) {
        Map<String, Map<String, InterventionSummary.Row>> byGroup = new LinkedHashMap<>();
        for (InterventionSummary.Row r : tables.rows()) {
            byGroup.computeIfAbsent(r.group(), k -> new LinkedHashMap<>())
                    .put(r.evaluation() + "/" + r.intervention(), r);
        }
        List<FigureRow> relations = new ArrayList<>();
        FigureRow pooled = null;
        for (Map.Entry<String, Map<String, InterventionSummary.Row>> e : byGroup.entrySet()) {
            FigureRow row = row(e.getKey(), e.getValue(), neurons);
            if (e.getKey().equals(InterventionSummary.ALL)) {
                pooled = row;
            } else {
                relations.add(row);
            }
        }
        List<FigureRow> out = new ArrayList<>(relations);
        out.add(mean(relations));
        if (pooled != null) {
            out.add(pooled);
        }
        return out;
    }

    private static FigureRow row(
            String group, Map<String, InterventionSummary.Row> rows, KnowledgeNeuronFinder.Result neurons) {
        InterventionSummary.Row sr = rows.get("own/suppress");
        InterventionSummary.Row ar = rows.get("own/amplify");
        double meanNeurons = neurons.facts().stream()
                .filter(f ->
                        group.equals(InterventionSummary.ALL) || f.relation().equals(group))
                .mapToInt(f -> f.neurons().size())
                .average()
                .orElse(0);
        return new FigureRow(
                group,
                sr.neurons().facts(),
                meanNeurons,
                Column.of(sr),
                Column.of(rows.get("other-relation/suppress")),
                Column.of(ar),
                Column.of(rows.get("other-relation/amplify")),
                sr.neurons().accuracyBefore(),
                sr.neurons().accuracyAfter(),
                ar.neurons().accuracyAfter());
    }

    private static FigureRow mean(List<FigureRow> rows) {
        return new FigureRow(
                "mean over relations",
                rows.stream().mapToInt(FigureRow::facts).sum(),
                avg(rows, FigureRow::meanNeurons),
                Column.mean(rows.stream().map(FigureRow::suppressRelated).toList()),
                Column.mean(rows.stream().map(FigureRow::suppressUnrelated).toList()),
                Column.mean(rows.stream().map(FigureRow::amplifyRelated).toList()),
                Column.mean(rows.stream().map(FigureRow::amplifyUnrelated).toList()),
                avg(rows, FigureRow::accuracyBefore),
                avg(rows, FigureRow::accuracyAfterSuppress),
                avg(rows, FigureRow::accuracyAfterAmplify));
    }

    private static <T> double avg(List<T> xs, ToDoubleFunction<T> f) {
        return xs.stream().mapToDouble(f).average().orElse(Double.NaN);
    }
}
