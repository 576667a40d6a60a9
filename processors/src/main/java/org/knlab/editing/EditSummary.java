package org.knlab.editing;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.knlab.editing.EditExperiment.EditRecord;
import org.knlab.intervention.Bootstrap;
import org.knlab.intervention.ControlComparison;
import org.knlab.intervention.FalseDiscovery;

/**
 * The edit tables, per direction, pooled ("all") and per relation: each metric's mean over edits
 * (NaN-free ones) with a bootstrap CI over edits, the matched random controls' means with z and
 * permutation p, the most-activated and gradient-matched controls' means, the optimised edits' means by
 * place (knowledge neurons, random neurons of the same layers, of one random layer; empty when none ran);
 * and the residual-stream control's metrics by layer.
 */
public final class EditSummary {

    public static final String ALL = "all";

    /** Metrics the residual-stream control reports by layer. */
    public static final List<String> RESIDUAL_METRICS =
            List.of("efficacy.top1", "efficacy.rome", "paraphrase.top1", "paraphrase.rome");

    /**
     * One metric: the knowledge-neuron edit against its controls; {@code q} the Benjamini–Hochberg q of
     * {@code vsRandom}'s p over the relations (one family per direction and metric; NaN pooled);
     * {@code vsHubMatched} over the edits with an exact hub-matched control (null: none), {@code hubFree}
     * the mean without the hubs (NaN: not evaluated) with its bootstrap CI over edits.
     */
    public record Cell(
            double mean,
            Bootstrap.Interval ci,
            ControlComparison vsRandom,
            double q,
            double activated,
            double gradient,
            Map<String, Double> optimised,
            ControlComparison vsHubMatched,
            double hubFree,
            Bootstrap.Interval hubFreeCi) {

        Cell withQ(double q) {
            return new Cell(mean, ci, vsRandom, q, activated, gradient, optimised, vsHubMatched, hubFree, hubFreeCi);
        }
    }

    public record Row(
            String direction,
            String group,
            int edits,
            Map<String, Cell> metrics,
            List<Map<String, Double>> residualByLayer) {}

    private EditSummary() {}

    public static List<Row> of(List<EditRecord> records, int resamples, long seed) {
        Map<String, List<EditRecord>> groups = new LinkedHashMap<>();
        for (EditRecord r : records) {
            String d = r.edit().direction().id();
            groups.computeIfAbsent(d + "\t" + ALL, k -> new ArrayList<>()).add(r);
        }
        for (EditRecord r : records) {
            groups.computeIfAbsent(
                            r.edit().direction().id() + "\t" + r.edit().fact().relation(), k -> new ArrayList<>())
                    .add(r);
        }
        List<Row> rows = new ArrayList<>();
        groups.forEach((key, edits) -> {
            String[] parts = key.split("\t");
            rows.add(row(parts[0], parts[1], edits, resamples, seed));
        });
        return withQ(rows);
    }

    /** Each per-relation cell's q over the relations: one family per direction and metric. */
    private static List<Row> withQ(List<Row> rows) {
        record Entry(Row row, String metric) {}
        List<Entry> entries = new ArrayList<>();
        rows.forEach(r -> r.metrics().keySet().forEach(m -> entries.add(new Entry(r, m))));
        double[] q = FalseDiscovery.byFamily(
                entries,
                e -> e.row().direction() + "/" + e.metric(),
                e -> {
                    ControlComparison vs = e.row().metrics().get(e.metric()).vsRandom();
                    return vs == null ? Double.NaN : vs.p();
                },
                e -> !e.row().group().equals(ALL));
        Map<Row, Map<String, Cell>> cells = new IdentityHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            cells.computeIfAbsent(e.row(), k -> new LinkedHashMap<>())
                    .put(e.metric(), e.row().metrics().get(e.metric()).withQ(q[i]));
        }
        return rows.stream()
                .map(r -> new Row(
                        r.direction(), r.group(), r.edits(), cells.getOrDefault(r, Map.of()), r.residualByLayer()))
                .toList();
    }

    private static Row row(String direction, String group, List<EditRecord> edits, int resamples, long seed) {
        Map<String, Cell> metrics = new LinkedHashMap<>();
        boolean controls = !edits.get(0).random().isEmpty();
        for (String name : edits.get(0).knowledgeNeurons().keySet()) {
            List<Double> values = finite(edits, r -> r.knowledgeNeurons().get(name));
            List<Double> hubFree =
                    finite(edits, r -> r.hubFree() == null ? null : r.hubFree().get(name));
            double mean = mean(values);
            ControlComparison vsRandom = null;
            if (controls) {
                double[] random = new double[edits.get(0).random().size()];
                for (int j = 0; j < random.length; j++) {
                    int c = j;
                    random[j] = mean(finite(edits, r -> r.random().get(c).get(name)));
                }
                vsRandom = ControlComparison.of(mean, random);
            }
            metrics.put(
                    name,
                    new Cell(
                            mean,
                            Bootstrap.interval(values, EditSummary::mean, resamples, 0.95, seed),
                            vsRandom,
                            Double.NaN,
                            controls ? mean(finite(edits, r -> r.activated().get(name))) : Double.NaN,
                            controls ? mean(finite(edits, r -> r.gradient().get(name))) : Double.NaN,
                            optimised(edits, name),
                            vsHubMatched(edits, name),
                            mean(hubFree),
                            Bootstrap.interval(hubFree, EditSummary::mean, resamples, 0.95, seed)));
        }
        List<Map<String, Double>> byLayer = new ArrayList<>();
        for (int l = 0; controls && l < edits.get(0).residualByLayer().size(); l++) {
            int layer = l;
            Map<String, Double> m = new LinkedHashMap<>();
            RESIDUAL_METRICS.forEach(name -> m.put(
                    name, mean(finite(edits, r -> r.residualByLayer().get(layer).get(name)))));
            byLayer.add(m);
        }
        return new Row(direction, group, edits.size(), metrics, byLayer);
    }

    /** The knowledge-neuron edits' mean against each hub-matched set's, over the edits that have them. */
    private static ControlComparison vsHubMatched(List<EditRecord> edits, String metric) {
        List<EditRecord> matched =
                edits.stream().filter(r -> !r.hubMatched().isEmpty()).toList();
        if (matched.isEmpty()) {
            return null;
        }
        double[] controls = new double[matched.get(0).hubMatched().size()];
        for (int j = 0; j < controls.length; j++) {
            int c = j;
            controls[j] = mean(finite(matched, r -> r.hubMatched().get(c).get(metric)));
        }
        return ControlComparison.of(
                mean(finite(matched, r -> r.knowledgeNeurons().get(metric))), controls);
    }

    /** Each optimised edit's mean of one metric over the edits that ran them. */
    private static Map<String, Double> optimised(List<EditRecord> edits, String metric) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (!edits.get(0).optimised().isEmpty()) {
            for (String place : EditExperiment.OPTIMISED) {
                out.put(place, mean(finite(edits, r -> r.optimised().get(place).get(metric))));
            }
        }
        return out;
    }

    private static List<Double> finite(List<EditRecord> edits, Function<EditRecord, Double> metric) {
        return edits.stream().map(metric).filter(v -> v != null && !v.isNaN()).toList();
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
