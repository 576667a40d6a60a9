package org.knlab.routes.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.knlab.routes.Json;
import org.knlab.routes.alerts.Alert;
import org.knlab.routes.alerts.AlertRules;
import org.knlab.routes.alerts.Thresholds;
import org.xml.sax.InputSource;

/**
 * The published 34 × 30 report is what today's report code draws from the published result (its
 * alerts re-evaluated by today's rules, its taken-back failure kept): {@code -Dkn.docs.write=true}
 * re-renders it. Its figures are standalone SVG documents that parse as XML.
 */
class CommittedReportTest {

    private static final Path RUN = Path.of("../docs/results/replication-34x30");
    private static final Thresholds DEFAULTS = new Thresholds(Set.of(), 0.05, 3600, 2, 0.1);

    static String render() throws IOException {
        JsonNode result;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(RUN.resolve("result.json.gz")))) {
            result = Json.MAPPER.readTree(in);
        }
        String id = result.path("experimentId").asText();
        ObjectNode stepResult = Json.MAPPER.createObjectNode().put("type", "org.knlab.experiment.step.result");
        stepResult
                .putObject("data")
                .put("experimentId", id)
                .put("step", "figures")
                .put("stepType", "replicate-kn-figures")
                .<ObjectNode>set("output", result.path("outputs").path("figures"))
                .set("reproducibility", result.path("reproducibility"));
        ObjectNode e = Json.MAPPER
                .createObjectNode()
                .put("id", id)
                .put("status", "completed")
                .put("workflowType", "replicate-kn-figures")
                .put(
                        "model",
                        result.path("reproducibility").path("model").path("id").asText());
        e.set("failure", Json.MAPPER.readTree(RUN.resolve("failure.json").toFile()));
        ArrayNode alerts = e.putArray("alerts");
        for (Alert a : AlertRules.evaluate(stepResult, DEFAULTS)) {
            alerts.addObject()
                    .put("rule", a.rule())
                    .put("subject", a.subject())
                    .put("severity", a.severity())
                    .put("message", a.message())
                    .set("evidence", a.evidence());
        }
        e.set("request", result.path("reproducibility").path("request"));
        ObjectNode results = e.putObject("results");
        results.putObject("final").set("reproducibility", result.path("reproducibility"));
        results.putObject("figures").set("output", result.path("outputs").path("figures"));
        e.putArray("steps")
                .addObject()
                .put("id", "figures")
                .put("type", "replicate-kn-figures")
                .put("status", "completed");
        return new ReportPage(List.of(new ReplicationSection()), Path.of("target")).render(e);
    }

    @Test
    void thePublishedReportIsTheOneTodaysCodeDraws() throws IOException {
        String html = render();
        if (Boolean.getBoolean("kn.docs.write")) {
            Files.writeString(RUN.resolve("report.html"), html);
        }
        assertEquals(
                html,
                Files.readString(RUN.resolve("report.html")),
                "docs/results/replication-34x30/report.html"
                        + " is stale: re-render it with ./mvnw -q -B -pl camel-routes test -Dtest=CommittedReportTest"
                        + " -Dkn.docs.write=true");
    }

    @Test
    void itLeadsWithTheFiguresAndItsSvgsAreStandaloneDocuments() throws Exception {
        String html = render();
        int figure3 = html.indexOf("Figure 3: suppressing");
        assertTrue(figure3 > 0 && figure3 < html.indexOf("<h2>Request and reproducibility</h2>"), "figures first");
        assertTrue(html.indexOf("Note: a failure taken back") > html.indexOf("Figure 4: amplifying"), "failure last");
        Matcher svg = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(html);
        int parsed = 0;
        while (svg.find()) {
            DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(new InputSource(new StringReader(svg.group())));
            parsed++;
        }
        assertTrue(parsed >= 3, parsed + " charts");
        Matcher download =
                Pattern.compile("href='data:image/svg\\+xml;base64,([^']+)'").matcher(html);
        assertTrue(download.find(), "a download link");
        String standalone = new String(java.util.Base64.getDecoder().decode(download.group(1)));
        assertTrue(standalone.startsWith("<svg") && standalone.contains("xmlns='http://www.w3.org/2000/svg'"));
        // the paper's means are drawn as reference lines
        assertTrue(
                html.contains("class='reference' data-series='related (the fact&#39;s prompts)' data-value='-37.03'"),
                html.substring(figure3, figure3 + 3000));
    }
}
