package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.knlab.schemas.TopicNames;

/**
 * A worker killed (SIGKILL) in the middle of a workflow's second step, or stopped (SIGTERM) in the
 * middle of a shard: the restarted worker finishes the experiment without running what was done
 * again, nothing fails, and exactly one final result is published. Runs the packaged application as
 * a real process against a real broker.
 */
class WorkerRestartIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    @Test
    void aKilledWorkerResumesFromItsLastCompletedStep() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start();
                KafkaClient kafka = new KafkaClient(broker.bootstrapServers())) {
            Path log = Files.createTempFile("kn-worker-", ".log");
            Process worker = startWorker(broker, log);
            try {
                kafka.send(PlatformTest.REQUESTS, "restart-1", """
                        {"experimentId": "restart-1", "seed": 3, "facts": {"relations": ["P19"], "sample": {"size": 25}},
                         "steps": [{"id": "first", "type": "probe"},
                                   {"id": "second", "type": "probe", "input": {"fromStep": "first", "select": "all"}}]}""");
                kafka.readUntil(
                        PlatformTest.PROGRESS,
                        r -> "restart-1".equals(r.key()) && isStepCompleted(KafkaClient.parse(r.value()), "first"),
                        TIMEOUT);
            } finally {
                worker.destroyForcibly().waitFor(); // dies in the middle of the second step
            }
            worker = startWorker(broker, log);
            try {
                Outcome outcome = Outcome.awaitResult(kafka, "restart-1");
                List<JsonNode> progress = outcome.progress();
                List<JsonNode> results = outcome.results();
                String seen = PlatformTest.types(progress) + " / log " + log;
                assertEquals(1, count(progress, "started", "first"), "the first step ran once: " + seen);
                assertEquals(1, count(progress, "step.completed", "first"), seen);
                assertEquals(
                        2, count(progress, "started", "second"), "the second step was cut short, then rerun: " + seen);
                assertEquals(1, count(progress, "step.completed", "second"), seen);
                assertEquals(1, count(progress, "completed", null), seen);
                assertEquals(
                        1, count(results, "result", null), "exactly one final result: " + PlatformTest.types(results));
            } finally {
                worker.destroy();
                worker.waitFor();
            }
        }
    }

    /**
     * SIGTERM is how Kubernetes stops a pod (rolling update, scale-down): the shard in hand must not
     * fail its experiment (its model closed under it) nor be lost (its offset committed at close).
     */
    @Test
    void aWorkerStoppedMidShardFailsNothing() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start();
                KafkaClient kafka = new KafkaClient(broker.bootstrapServers())) {
            Path log = Files.createTempFile("kn-worker-", ".log");
            // Camel drains the shard in hand for 1 s only, so the stop cuts it short.
            Process worker = startWorker(broker, log, "-Dcamel.main.shutdown-timeout=1");
            try {
                kafka.send(PlatformTest.REQUESTS, "stop-1", ShardedStepsTest.request("stop-1", 4, 1));
                kafka.readUntil(
                        TopicNames.SHARD_OUTPUTS,
                        r -> "stop-1#0".equals(r.key())
                                && KafkaClient.parse(r.value()).has("worker"),
                        TIMEOUT);
            } finally {
                worker.destroy(); // SIGTERM, with the next shard in hand
                assertTrue(worker.waitFor(120, TimeUnit.SECONDS), "a stopped worker exits");
            }
            worker = startWorker(broker, log);
            try {
                Outcome outcome = Outcome.awaitResult(kafka, "stop-1");
                List<JsonNode> progress = outcome.progress();
                List<JsonNode> results = outcome.results();
                String seen = PlatformTest.types(results) + " / log " + log;
                assertEquals(
                        0, count(progress, "failed", null) + count(results, "failed", null), "nothing failed: " + seen);
                assertEquals(1, count(results, "result", null), "exactly one final result: " + seen);
            } finally {
                worker.destroy();
                worker.waitFor();
            }
        }
    }

    /** An experiment's progress and result events, read once its final result is out. */
    private record Outcome(List<JsonNode> progress, List<JsonNode> results) {
        static Outcome awaitResult(KafkaClient kafka, String id) {
            kafka.eventsUntil(PlatformTest.RESULTS, id, "org.knlab.experiment.result", TIMEOUT);
            return new Outcome(
                    kafka.eventsFor(PlatformTest.PROGRESS, id, Duration.ofSeconds(5)),
                    kafka.eventsFor(PlatformTest.RESULTS, id, Duration.ofSeconds(2)));
        }
    }

    private static boolean isStepCompleted(JsonNode event, String step) {
        return event.path("type").asText().equals("org.knlab.experiment.step.completed")
                && event.path("data").path("step").asText().equals(step);
    }

    private static long count(List<JsonNode> events, String type, String step) {
        return events.stream()
                .filter(e -> e.path("type").asText().equals("org.knlab.experiment." + type)
                        && (step == null || e.path("data").path("step").asText().equals(step)))
                .count();
    }

    private static Process startWorker(KafkaBroker broker, Path log, String... options) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(List.of(options));
        command.addAll(List.of(
                "-Dcamel.component.kafka.brokers=" + broker.bootstrapServers(),
                "-Dquarkus.http.port=0",
                "-Dai.djl.offline=true",
                // its own embedded store: not the user's, nor another build's
                "-Dkn.data-dir=" + log.toAbsolutePath().getParent().resolve("kn-data-restart-it"),
                "-jar",
                new File(System.getProperty("kn.app.jar", "target/quarkus-app/quarkus-run.jar")).getAbsolutePath()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }
}
