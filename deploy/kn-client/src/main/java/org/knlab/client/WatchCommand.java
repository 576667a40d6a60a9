package org.knlab.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.knlab.schemas.TopicNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kn watch ID}: prints an experiment's events until it completes or fails. */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = "Follow an experiment's progress and results until its final result or failure.")
final class WatchCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    KafkaOptions kafka;

    @Parameters(paramLabel = "EXPERIMENT_ID")
    String experimentId;

    @Option(names = "--json", description = "Print each CloudEvent as one JSON line.")
    boolean json;

    @Option(names = "--result", description = "Print only the final result's data, as indented JSON.")
    boolean resultOnly;

    @Option(
            names = "--timeout",
            defaultValue = "600",
            paramLabel = "SECONDS",
            description = "Give up after this long (default 600).")
    long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        boolean completed = false;
        boolean result = false;
        try (KafkaConsumer<String, String> consumer = kafka.consumer(true)) {
            consumer.subscribe(List.of(TopicNames.PROGRESS, TopicNames.RESULTS));
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (!experimentId.equals(r.key())) {
                        continue;
                    }
                    JsonNode event = JSON.readTree(r.value());
                    String type = event.path("type").asText().replace("org.knlab.experiment.", "");
                    if (resultOnly && type.equals("result")) {
                        System.out.println(
                                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(event.path("data")));
                    } else if (!resultOnly) {
                        System.out.println(json ? r.value() : describe(type, event.path("data")));
                    }
                    if (type.equals("failed")) {
                        if (resultOnly) {
                            System.err.println(describe(type, event.path("data")));
                        }
                        return 1;
                    }
                    completed |= type.equals("completed");
                    result |= type.equals("result");
                    if (completed && result) {
                        return 0;
                    }
                }
            }
        }
        System.err.println("kn watch: no final result for " + experimentId + " within " + timeoutSeconds + " s");
        return 3;
    }

    private static String describe(String type, JsonNode d) {
        return switch (type) {
            case "accepted" -> "accepted    model " + d.path("model").asText() + ", steps " + d.path("steps");
            case "started" ->
                "started     step " + d.path("step").asText() + " ("
                        + d.path("stepType").asText() + ")";
            case "progress" ->
                "progress    step " + d.path("step").asText() + ": " + d.path("done") + "/" + d.path("total");
            case "step.completed" ->
                "step done   " + d.path("step").asText() + " in "
                        + Math.round(d.path("durationMs").asDouble()) + " ms: " + d.path("summary");
            case "step.result" ->
                "step result " + d.path("step").asText() + " ("
                        + d.path("output").toString().length() + " bytes of output)";
            case "completed" ->
                "completed   in " + Math.round(d.path("durationMs").asDouble()) + " ms";
            case "result" ->
                "result      model sha256 "
                        + d.path("reproducibility").path("model").path("sha256").asText() + ", code "
                        + d.path("reproducibility").path("codeVersion").asText();
            case "failed" ->
                "FAILED      " + d.path("reason").path("code").asText() + " at "
                        + d.path("reason").path("field").asText("-") + ": "
                        + d.path("reason").path("message").asText();
            default -> type + " " + d;
        };
    }
}
