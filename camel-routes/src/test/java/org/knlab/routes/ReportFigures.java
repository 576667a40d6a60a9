package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Path;
import java.util.Set;

/**
 * What a step type's report section shows first, checked in headless Chromium on the report the
 * store serves: a figure (an inline SVG chart) before any table, for every step type that has one to
 * draw; a table first only for fill-mask, whose result is a list of predictions. Each
 * check leaves a screenshot in {@code target/screenshots/report-<type>.png}.
 */
final class ReportFigures {

    /** Step types whose section is a table: nothing to draw. */
    private static final Set<String> TABLE_FIRST = Set.of("fill-mask");

    private ReportFigures() {}

    /** Waits for the experiment in the store, opens its report, checks step {@code stepId}'s section. */
    static void assertLeadsWithItsFigure(URL base, String experimentId, String stepId) throws Exception {
        new ApiClient(base)
                .until(
                        "/api/experiments/" + experimentId,
                        n -> n.path("status").asText().equals("completed")
                                && n.path("results").has("final"));
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            chromium.open(base + "experiments/" + experimentId);
            String section = "document.querySelector(\"section[data-step='" + stepId + "']\")";
            String type = chromium.eval(section + ".dataset.type").asText();
            String first = chromium.eval(section + ".querySelector('svg.chart, table, pre')?.tagName ?? 'none'")
                    .asText();
            assertEquals(TABLE_FIRST.contains(type) ? "TABLE" : "svg", first, type + " leads with");
            if (!TABLE_FIRST.contains(type)) {
                assertTrue(
                        chromium.eval(section + ".querySelectorAll('svg.chart rect.bar, svg.chart circle')" + ".length")
                                        .asInt()
                                > 0,
                        type + ": its first figure draws the data");
            }
            chromium.screenshot(Path.of("target/screenshots/report-" + type + ".png"));
        }
    }
}
