package org.knlab.routes.report;

import com.fasterxml.jackson.databind.JsonNode;
import org.knlab.routes.alerts.AlertRules;
import org.knlab.steps.StepType;

/**
 * A step type's part of the experiment report. To give a new step type its section, add one
 * {@code @ApplicationScoped} class implementing this (see {@link ProbeSection}, the smallest): the
 * report finds it by {@link #stepType()}. A step type without one gets its per-relation table
 * ({@code RelationTables}) or its output as JSON.
 */
public interface ReportSection {

    StepType stepType();

    /** HTML (tables, {@link Svg} charts) for one step's output. */
    String render(JsonNode output);

    /**
     * Said once, where the control comparison cannot be significant: with N controls no permutation p
     * falls below 1/(N + 1) (the alert rule stays silent there too). Empty when the test has power at
     * α = 0.05 or the rows carry no comparison.
     */
    static String powerNote(JsonNode tableRows) {
        int controls = tableRows
                .path(0)
                .path("ratioOfMeansVsControls")
                .path("controls")
                .asInt(0);
        if (controls == 0 || AlertRules.hasPower(controls, 0.05)) {
            return "";
        }
        return String.format(
                java.util.Locale.ROOT,
                "<p class='underpowered'><b>Underpowered:</b> with %d matched random controls no permutation p can"
                        + " fall below 1/%d = %.3f, above α = 0.05: the comparison with the controls cannot be"
                        + " significant (run 19 or more).</p>",
                controls,
                controls + 1,
                1.0 / (controls + 1));
    }

    static double percent(JsonNode v) {
        return v.isNumber() ? 100 * v.asDouble() : Double.NaN;
    }
}
