package org.knlab.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kn results}: reads the results store through the worker's query API. Without an id it lists
 * experiments (filters as the API's); with one it prints the experiment, a step's per-relation table
 * ({@code --step S}, as Markdown with {@code --markdown}) or its per-fact rows as CSV ({@code --step S --csv}).
 */
@Command(
        name = "results",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = "Experiments, their results and tables from the results store (the query API).")
final class ResultsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(
            names = "--api",
            defaultValue = "${env:KN_API:-http://127.0.0.1:8080}",
            description = "The kn-lab API ($KN_API).")
    String api;

    @Parameters(paramLabel = "EXPERIMENT_ID", arity = "0..1")
    String experimentId;

    @Option(names = "--step", description = "A step of the experiment: its per-relation table.")
    String step;

    @Option(names = "--csv", description = "With --step: the step's per-fact rows as CSV.")
    boolean csv;

    @Option(names = "--markdown", description = "With --step: the per-relation table as Markdown.")
    boolean markdown;

    @Option(names = "--type", description = "List: a step type the workflow contains.")
    String type;

    @Option(names = "--model", description = "List: the model.")
    String model;

    @Option(names = "--status", description = "List: accepted, running, completed or failed.")
    String status;

    @Option(names = "--since", description = "List: accepted at or after (ISO-8601).")
    String since;

    @Option(names = "--limit", defaultValue = "50", description = "List: at most this many.")
    int limit;

    @Override
    public Integer call() throws Exception {
        String path;
        if (experimentId == null) {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("type", type);
            q.put("model", model);
            q.put("status", status);
            q.put("since", since);
            q.put("limit", String.valueOf(limit));
            path = "/api/experiments?"
                    + q.entrySet().stream()
                            .filter(e -> e.getValue() != null)
                            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                            .collect(Collectors.joining("&"));
        } else {
            String id = URLEncoder.encode(experimentId, StandardCharsets.UTF_8);
            path = "/api/experiments/" + id
                    + (step == null
                            ? ""
                            : "/steps/" + URLEncoder.encode(step, StandardCharsets.UTF_8)
                                    + (csv ? "/rows.csv" : "/relations"));
        }
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(api + path)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            JsonNode error = JSON.readTree(r.body());
            System.err.println("error (" + error.path("error").asText(String.valueOf(r.statusCode())) + "): "
                    + error.path("message").asText(r.body()));
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (csv) {
            out.print(r.body());
        } else if (markdown && step != null) {
            out.print(MarkdownTable.of(JSON.readTree(r.body())));
        } else if (experimentId == null) {
            for (JsonNode e : JSON.readTree(r.body())) {
                out.printf(
                        "%-32s %-10s %-40s %s%n",
                        e.path("id").asText(),
                        e.path("status").asText(),
                        e.path("workflowType").asText(),
                        e.path("updatedAt").asText());
            }
        } else {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(r.body())));
        }
        out.flush();
        return 0;
    }
}
