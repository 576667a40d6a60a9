package org.knlab.routes.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.knlab.routes.Json;
import org.knlab.steps.StepType;

/**
 * The rules that look at one event (the operational ones on queues live in {@link AlertService}):
 * pure functions from an event and the experiment's thresholds to the alerts it raises.
 */
public final class AlertRules {

    public static final String FAILED = "experiment-failed";
    public static final String STEP_TOO_LONG = "step-too-long";
    public static final String CONTROLS = "indistinguishable-from-controls";
    public static final String DROPOUT = "unrelated-outside-dropout-band";
    public static final String NEIGHBOURHOOD = "edit-neighbourhood-damage";
    public static final String LAG = "consumer-lag";
    public static final String DLQ_RATE = "dlq-rate";

    /** Evaluation sets on which the neurons are meant to act (the fact's own prompts). */
    private static final Set<String> RELATED = Set.of("own", "held-out");

    private AlertRules() {}

    public static List<Alert> evaluate(JsonNode event, Thresholds t) {
        String type = event.path("type").asText().replace("org.knlab.experiment.", "");
        JsonNode d = event.path("data");
        String exp = d.path("experimentId").asText(event.path("subject").asText());
        List<Alert> out = new ArrayList<>();
        switch (type) {
            case "failed" ->
                out.add(new Alert(
                        FAILED,
                        exp,
                        exp,
                        "critical",
                        "experiment " + exp + " failed: "
                                + d.path("reason").path("code").asText() + " — "
                                + d.path("reason").path("message").asText(),
                        evidence().put("step", d.path("step").asText(null)).set("reason", d.path("reason"))));
            case "step.completed" -> {
                double seconds = d.path("durationMs").asDouble() / 1000;
                if (seconds > t.stepMaxSeconds()) {
                    out.add(new Alert(
                            STEP_TOO_LONG,
                            exp + "/" + d.path("step").asText(),
                            exp,
                            "warning",
                            String.format(
                                    Locale.ROOT,
                                    "step %s took %.0f s (bound %.0f s)",
                                    d.path("step").asText(),
                                    seconds,
                                    t.stepMaxSeconds()),
                            evidence().put("seconds", seconds).put("bound", t.stepMaxSeconds())));
                }
            }
            case "step.result" ->
                StepType.find(d.path("stepType").asText())
                        .ifPresent(stepType -> science(
                                exp,
                                d.path("step").asText(),
                                stepType,
                                d.path("output"),
                                d.path("reproducibility").path("parameters"),
                                t,
                                out));
            default -> {}
        }
        return out.stream().filter(a -> t.enabled(a.rule())).toList();
    }

    /**
     * The science rules of a step's result. A switch expression, so a new step type has to say which
     * rules it has. The control rule only runs where its test has power: with N controls no permutation
     * p falls below 1/(N + 1), so for 1/(N + 1) > α it could never pass and says nothing (the result's
     * report states it once).
     */
    private static void science(
            String exp,
            String step,
            StepType type,
            JsonNode output,
            JsonNode parameters,
            Thresholds t,
            List<Alert> out) {
        String prefix = exp + "/" + step + "/";
        JsonNode band = dropoutBand(output.path("dropout"), t);
        boolean powered = hasPower(parameters.path("controls").asInt(0), t.permutationAlpha());
        Runnable rules = switch (type) {
            case INTERVENTIONS -> () -> interventions(exp, prefix, output, band, powered, t, out);
            case REPLICATE_KN_FIGURES -> () -> figures(exp, prefix, output, band, powered, t, out);
            case EDIT_FACT -> () -> edits(exp, prefix, output, t, out);
            case FILL_MASK,
                    PROBE,
                    ATTRIBUTE,
                    KNOWLEDGE_NEURONS,
                    ERASE_RELATION,
                    COMPARE_METHODS,
                    ACTIVATION_EVIDENCE,
                    FACTORS,
                    TRAIN_SAE -> () -> {};
        };
        rules.run();
    }

    /** Whether a permutation test with this many controls can reach p ≤ α at all. */
    public static boolean hasPower(int controls, double alpha) {
        return controls > 0 && 1.0 / (controls + 1) <= alpha;
    }

    private static void interventions(
            String exp, String prefix, JsonNode output, JsonNode band, boolean powered, Thresholds t, List<Alert> out) {
        output.path("byRelation")
                .fields()
                .forEachRemaining(rel -> rel.getValue()
                        .fields()
                        .forEachRemaining(ev -> ev.getValue().fields().forEachRemaining(kind -> {
                            String subject = prefix + rel.getKey() + "/" + ev.getKey() + "/" + kind.getKey();
                            JsonNode h = kind.getValue();
                            if (RELATED.contains(ev.getKey()) && powered) {
                                controls(exp, subject, h.path("p"), h, t, out);
                            } else if (ev.getKey().equals("other-relation")) {
                                dropout(exp, subject, h.path("ratioOfMeans"), band, out);
                            }
                        })));
    }

    private static void figures(
            String exp, String prefix, JsonNode output, JsonNode band, boolean powered, Thresholds t, List<Alert> out) {
        for (JsonNode row : output.path("figures")) {
            String rel = row.path("relation").asText();
            for (String column : List.of("suppressRelated", "amplifyRelated")) {
                controls(exp, prefix + rel + "/" + column, row.path(column).path("p"), row.path(column), t, out);
            }
            for (String column : List.of("suppressUnrelated", "amplifyUnrelated")) {
                dropout(exp, prefix + rel + "/" + column, row.path(column).path("ratioOfMeans"), band, out);
            }
        }
    }

    private static void edits(String exp, String prefix, JsonNode output, Thresholds t, List<Alert> out) {
        for (JsonNode row : output.path("tables")) {
            for (String group : List.of("sameRelation", "otherRelation")) {
                double drop = row.path("metrics")
                                .path(group + ".accuracyBefore")
                                .path("mean")
                                .asDouble()
                        - row.path("metrics")
                                .path(group + ".accuracyAfter")
                                .path("mean")
                                .asDouble();
                if (drop > t.neighbourhoodDamage()) {
                    out.add(new Alert(
                            NEIGHBOURHOOD,
                            prefix + row.path("group").asText() + "/"
                                    + row.path("direction").asText() + "/" + group,
                            exp,
                            "warning",
                            String.format(
                                    Locale.ROOT,
                                    "edits (%s, %s) cost %.1f%% %s accuracy (bound %.1f%%)",
                                    row.path("direction").asText(),
                                    row.path("group").asText(),
                                    100 * drop,
                                    group,
                                    100 * t.neighbourhoodDamage()),
                            evidence()
                                    .put("accuracyDrop", drop)
                                    .put("bound", t.neighbourhoodDamage())
                                    .put("edits", row.path("edits").asInt())));
                }
            }
        }
    }

    /** p is a number (a NaN p, as in a mean-over-relations row, is a string and says nothing). */
    private static void controls(String exp, String subject, JsonNode p, JsonNode h, Thresholds t, List<Alert> out) {
        if (p.isNumber() && p.asDouble() > t.permutationAlpha()) {
            out.add(new Alert(
                    CONTROLS,
                    subject,
                    exp,
                    "warning",
                    String.format(
                            Locale.ROOT,
                            "%s: the neurons' effect is not distinguishable from matched random controls (p = %.3f > α = %.3f)",
                            subject,
                            p.asDouble(),
                            t.permutationAlpha()),
                    evidence()
                            .put("p", p.asDouble())
                            .put("alpha", t.permutationAlpha())
                            .set("effect", h)));
        }
    }

    private static void dropout(String exp, String subject, JsonNode value, JsonNode band, List<Alert> out) {
        if (band == null || !value.isNumber()) {
            return;
        }
        double v = value.asDouble();
        if (v < band.path("low").asDouble() || v > band.path("high").asDouble()) {
            out.add(new Alert(
                    DROPOUT,
                    subject,
                    exp,
                    "warning",
                    String.format(
                            Locale.ROOT,
                            "%s: unrelated change %.2f%% is outside the random-dropout band [%.2f%%, %.2f%%]"
                                    + " (%d draws, %.1f%% prediction interval)",
                            subject,
                            100 * v,
                            100 * band.path("low").asDouble(),
                            100 * band.path("high").asDouble(),
                            band.path("draws").asInt(),
                            100 * band.path("level").asDouble()),
                    evidence().put("ratioOfMeans", v).set("band", band)));
        }
    }

    /**
     * The band random neurons give, with its own uncertainty: the smallest dropout fraction (about as many
     * neurons as a knowledge-neuron set) as a prediction interval for one more random draw, mean ± t·sd·√(1 +
     * 1/n) over its n draws, at the two-sided level k sds stand for under a normal (k = 2: 95.4%). With few
     * draws t is large and the band wide (n = 3: 4.8 sd instead of 2); with many it tends to ± k sd. Null
     * without a dropout curve or with fewer than 2 draws (no sd).
     */
    static JsonNode dropoutBand(JsonNode curve, Thresholds t) {
        JsonNode first = curve.path("points").path(0);
        int draws = first.path("repeats").asInt(0);
        if (!first.path("ratioOfMeans").isNumber()
                || !first.path("ratioOfMeansSd").isNumber()
                || draws < 2) {
            return null;
        }
        double mean = first.path("ratioOfMeans").asDouble();
        double sd = first.path("ratioOfMeansSd").asDouble();
        double tail = 2 * (1 - new NormalDistribution().cumulativeProbability(t.dropoutBandSds()));
        double half = new TDistribution(draws - 1).inverseCumulativeProbability(1 - tail / 2)
                * sd
                * Math.sqrt(1 + 1.0 / draws);
        return evidence()
                .put("low", mean - half)
                .put("high", mean + half)
                .put("fraction", first.path("fraction").asDouble())
                .put("draws", draws)
                .put("level", 1 - tail)
                .put("sds", t.dropoutBandSds());
    }

    static ObjectNode evidence() {
        return Json.MAPPER.createObjectNode();
    }
}
