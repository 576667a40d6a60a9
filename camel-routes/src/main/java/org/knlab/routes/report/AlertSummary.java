package org.knlab.routes.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knlab.routes.alerts.AlertRules;

/**
 * An experiment's alerts as a reader wants them: one line per rule (how many, and the worst case in
 * words), the full list folded underneath.
 */
final class AlertSummary {

    private AlertSummary() {}

    static String of(JsonNode alerts) {
        if (alerts.isEmpty()) {
            return "";
        }
        Map<String, List<JsonNode>> byRule = new LinkedHashMap<>();
        alerts.forEach(a -> byRule.computeIfAbsent(a.path("rule").asText(), r -> new ArrayList<>())
                .add(a));
        StringBuilder s = new StringBuilder("<h2>Alerts</h2><table class='alert-summary'><tr><th>rule</th>"
                + "<th>alerts</th><th>worst case</th></tr>");
        byRule.forEach((rule, list) -> s.append("<tr><td>")
                .append(Html.escape(rule))
                .append("</td><td>")
                .append(list.size())
                .append("</td><td>")
                .append(Html.escape(list.stream()
                        .max(Comparator.comparingDouble(a -> severity(rule, a)))
                        .orElseThrow()
                        .path("message")
                        .asText()))
                .append("</td></tr>"));
        return s.append("</table><details><summary>Every alert (")
                .append(alerts.size())
                .append(")</summary>")
                .append(Html.table("alerts", alerts))
                .append("</details>")
                .toString();
    }

    /** How bad one alert of a rule is, from its evidence: larger is worse. */
    private static double severity(String rule, JsonNode alert) {
        JsonNode evidence = alert.path("evidence");
        return switch (rule) {
            case AlertRules.CONTROLS -> evidence.path("p").asDouble();
            case AlertRules.DROPOUT -> distance(evidence);
            case AlertRules.NEIGHBOURHOOD -> evidence.path("accuracyDrop").asDouble();
            case AlertRules.STEP_TOO_LONG -> evidence.path("seconds").asDouble();
            default -> 0;
        };
    }

    /** How far outside its band an unrelated change lies. */
    private static double distance(JsonNode evidence) {
        double v = evidence.path("ratioOfMeans").asDouble();
        JsonNode band = evidence.path("band");
        return Math.max(band.path("low").asDouble() - v, v - band.path("high").asDouble());
    }
}
