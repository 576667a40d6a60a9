package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A worker killed (SIGKILL) in the middle of a workflow's second step: the restarted worker
 * finishes the workflow without running the completed first step again, and exactly one final
 * result is published. Runs the packaged application as a real process against a real broker.
 */
class WorkerRestartIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    @Test
    void aKilledWorkerResumesFromItsLastCompletedStep() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(); KafkaClient kafka = new KafkaClient(broker.bootstrapServers())) {
            Path log = Files.createTempFile("kn-worker-", ".log");
            Process worker = startWorker(broker, log);
            try {
                kafka.send(PlatformTest.REQUESTS, "restart-1", """
                        {"experimentId": "restart-1", "seed": 3, "facts": {"relations": ["P19"], "sample": {"size": 25}},
                         "steps": [{"id": "first", "type": "probe"},
                                   {"id": "second", "type": "probe", "input": {"fromStep": "first", "select": "all"}}]}""");
                kafka.readUntil(PlatformTest.PROGRESS, r -> "restart-1".equals(r.key())
                        && isStepCompleted(KafkaClient.parse(r.value()), "first"), TIMEOUT);
            } finally {
                worker.destroyForcibly().waitFor(); // dies in the middle of the second step
            }
            worker = startWorker(broker, log);
            try {
                kafka.eventsUntil(PlatformTest.RESULTS, "restart-1", "org.knlab.experiment.result", TIMEOUT);
                List<JsonNode> progress = kafka.eventsFor(PlatformTest.PROGRESS, "restart-1", Duration.ofSeconds(5));
                List<JsonNode> results = kafka.eventsFor(PlatformTest.RESULTS, "restart-1", Duration.ofSeconds(2));
                String seen = PlatformTest.types(progress) + " / log " + log;
                assertEquals(1, count(progress, "started", "first"), "the first step ran once: " + seen);
                assertEquals(1, count(progress, "step.completed", "first"), seen);
                assertEquals(2, count(progress, "started", "second"), "the second step was cut short, then rerun: " + seen);
                assertEquals(1, count(progress, "step.completed", "second"), seen);
                assertEquals(1, count(progress, "completed", null), seen);
                assertEquals(1, count(results, "result", null), "exactly one final result: " + PlatformTest.types(results));
            } finally {
                worker.destroy();
                worker.waitFor();
            }
        }
    }

    private static boolean isStepCompleted(JsonNode event, String step) {
        return event.path("type").asText().equals("org.knlab.experiment.step.completed")
                && event.path("data").path("step").asText().equals(step);
    }

    private static long count(List<JsonNode> events, String type, String step) {
        return events.stream().filter(e -> e.path("type").asText().equals("org.knlab.experiment." + type)
                && (step == null || e.path("data").path("step").asText().equals(step))).count();
    }

    private static Process startWorker(KafkaBroker broker, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-Dcamel.component.kafka.brokers=" + broker.bootstrapServers(),
                "-Dquarkus.http.port=0", "-Dai.djl.offline=true",
                // its own embedded store: not the user's, nor another build's
                "-Dkn.data-dir=" + log.toAbsolutePath().getParent().resolve("kn-data-restart-it"), "-jar",
                new File(System.getProperty("kn.app.jar", "target/quarkus-app/quarkus-run.jar")).getAbsolutePath())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }
}
