package org.knlab.routes.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knlab.routes.KnConfig;
import org.knlab.routes.api.RelationTables;
import org.knlab.steps.StepType;

/**
 * One experiment as one self-contained HTML file (inline CSS and SVG, no script, no network): the
 * request and reproducibility record, alerts, then per step its section ({@link ReportSection}).
 * Served at /experiments/{id} and written to {@code <kn.results-dir>/<id>/report.html} when the
 * experiment ends.
 */
@ApplicationScoped
public class ReportPage {

    private static final String STYLE = "body{font-family:sans-serif;max-width:980px;margin:1em auto;color:#222}"
            // wide tables scroll inside the page rather than widen it; charts shrink to the page
            + "table{border-collapse:collapse;margin:.5em 0;font-size:12px;display:block;overflow-x:auto;max-width:100%}"
            + "td,th{border:1px solid #ccc;padding:2px 6px}svg.chart{max-width:100%;height:auto}"
            + "pre.json{background:#f6f6f6;padding:.5em;max-height:24em;overflow:auto;font-size:11px}"
            + ".status-failed{color:#b00}.status-completed{color:#070}svg.chart{display:block;margin:.8em 0}"
            + "details{margin:.4em 0}summary{cursor:pointer}"
            + "p.download{margin:0 0 1em;font-size:12px}";

    private final Map<StepType, ReportSection> sections = new EnumMap<>(StepType.class);
    private final Path resultsDir;

    @Inject
    ReportPage(Instance<ReportSection> all, KnConfig config) {
        this(
                all.stream().toList(),
                config.resultsDir()
                        .map(Path::of)
                        .orElse(Path.of(System.getProperty("user.home"), ".cache", "kn-lab", "results")));
    }

    /** A page with these sections, writing under {@code resultsDir} (outside the application: re-rendering). */
    public ReportPage(List<ReportSection> all, Path resultsDir) {
        all.forEach(s -> sections.put(s.stepType(), s));
        this.resultsDir = resultsDir;
    }

    public String render(ObjectNode e) {
        String id = e.path("id").asText();
        StringBuilder s = new StringBuilder("<!DOCTYPE html><html><head><meta charset='utf-8'><title>kn-lab · ")
                .append(Html.escape(id))
                .append("</title><style>")
                .append(STYLE)
                .append("</style></head><body>");
        s.append("<h1>Experiment ")
                .append(Html.escape(id))
                .append("</h1><p>Status: <b class='status-")
                .append(Html.escape(e.path("status").asText()))
                .append("'>")
                .append(Html.escape(e.path("status").asText()))
                .append("</b> · workflow ")
                .append(Html.escape(e.path("workflowType").asText()))
                .append(" · model ")
                .append(Html.escape(e.path("model").asText()))
                .append("</p>");
        boolean failed = !e.path("status").asText().equals("completed");
        if (e.has("failure") && failed) {
            s.append("<h2>Failure</h2>").append(Html.json(e.path("failure")));
        }
        JsonNode results = e.path("results");
        JsonNode reproducibility = results.path("final").path("reproducibility");
        for (JsonNode step : e.path("steps")) {
            String stepId = step.path("id").asText();
            String type = step.path("type").asText();
            s.append("<section class='step' data-step='")
                    .append(Html.escape(stepId))
                    .append("' data-type='")
                    .append(Html.escape(type))
                    .append("'><h2>Step ")
                    .append(Html.escape(stepId))
                    .append(" (")
                    .append(Html.escape(type))
                    .append(", ")
                    .append(Html.escape(step.path("status").asText()))
                    .append(")</h2>");
            JsonNode output = results.path(stepId).path("output");
            if (!output.isMissingNode()) {
                s.append(section(type, output));
            }
            s.append("</section>");
        }
        s.append(AlertSummary.of(e.path("alerts")));
        s.append("<h2>Request and reproducibility</h2><details><summary>The request as sent</summary>")
                .append(Html.json(e.path("request")))
                .append("</details><details><summary>Reproducibility: model hash, data selection, seeds, parameters,"
                        + " engine, code version</summary>")
                .append(Html.json(reproducibility))
                .append("</details>");
        if (e.has("failure") && !failed) {
            // A completed experiment with a failure failed once and was resumed (StoreWriter): a note, not a headline.
            s.append("<h2>Note: a failure taken back</h2><p>This experiment failed once and was then resumed to"
                            + " completion; the results above are the completed run's.</p><details><summary>The"
                            + " failure as it was reported</summary>")
                    .append(Html.json(e.path("failure")))
                    .append("</details>");
        }
        return s.append("<footer><small>kn-lab report · charts are inline SVG drawn on the server</small></footer>")
                .append("</body></html>")
                .toString();
    }

    private String section(String type, JsonNode output) {
        Optional<StepType> known = StepType.find(type);
        ReportSection own = known.map(sections::get).orElse(null);
        if (own != null) {
            return own.render(output);
        }
        return known.flatMap(t -> RelationTables.of(t, output))
                .map(rows -> Html.table("relations", rows))
                .orElseGet(() -> Html.json(output));
    }

    /** Writes the report beside the experiment's result files; returns where. */
    public Path write(ObjectNode e) {
        try {
            Path dir = Files.createDirectories(resultsDir.resolve(e.path("id").asText()));
            return Files.writeString(dir.resolve("report.html"), render(e), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException(
                    "cannot write the report of " + e.path("id").asText(), ex);
        }
    }
}
