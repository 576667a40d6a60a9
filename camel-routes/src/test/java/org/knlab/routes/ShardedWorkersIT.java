package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.knlab.schemas.TopicNames;

/**
 * Two worker processes of one consumer group split one sharded replication: both run shards, one
 * is killed with SIGKILL mid-way, the other finishes it, and exactly one result is published — equal
 * to the same request run whole, in one message, by one worker.
 */
class ShardedWorkersIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(600);

    @Test
    void twoWorkersSplitAnExperimentAndAKilledOneLosesNothing() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start();
                KafkaClient kafka = new KafkaClient(broker.bootstrapServers())) {
            Path dir = Files.createTempDirectory("kn-sharded-it-");
            Process first = startWorker(broker, dir.resolve("worker-1.log"));
            Process second = startWorker(broker, dir.resolve("worker-2.log"));
            try {
                kafka.send(PlatformTest.REQUESTS, "split-1", ShardedStepsTest.request("split-1", 6, 1));
                Set<String> workers = new TreeSet<>();
                kafka.readUntil(
                        TopicNames.SHARD_OUTPUTS,
                        r -> {
                            JsonNode v = KafkaClient.parse(r.value());
                            if ("split-1#0".equals(r.key()) && v.has("worker")) {
                                workers.add(v.path("worker").asText());
                            }
                            return workers.size() == 2;
                        },
                        TIMEOUT);
                first.destroyForcibly().waitFor(); // SIGKILL, with shards of split-1 still to run
                kafka.eventsUntil(PlatformTest.RESULTS, "split-1", "org.knlab.experiment.result", TIMEOUT);

                kafka.send(PlatformTest.REQUESTS, "whole-1", ShardedStepsTest.request("whole-1", 6, 0));
                JsonNode whole = figures(
                        kafka.eventsUntil(PlatformTest.RESULTS, "whole-1", "org.knlab.experiment.result", TIMEOUT));
                List<JsonNode> results = kafka.eventsFor(PlatformTest.RESULTS, "split-1", Duration.ofSeconds(3));
                List<JsonNode> finals = results.stream()
                        .filter(e -> e.path("type").asText().equals("org.knlab.experiment.result"))
                        .toList();
                assertEquals(
                        1, finals.size(), "exactly one result: " + PlatformTest.types(results) + "; logs in " + dir);
                JsonNode split = figures(finals);
                for (String part : List.of("figures", "tables", "dropout", "neuronStatistics")) {
                    SameTables.assertSame(part, whole.path(part), split.path(part)); // two JVMs: to float32 rounding
                }
                Set<Integer> partitions = new TreeSet<>();
                for (ConsumerRecord<String, byte[]> r : kafka.readAll(TopicNames.SHARDS, Duration.ofSeconds(3))) {
                    if (r.key().startsWith("split-1#")) {
                        partitions.add(r.partition());
                    }
                }
                assertTrue(partitions.size() > 1, "shards on partitions " + partitions);
            } finally {
                first.destroyForcibly().waitFor();
                second.destroy();
                second.waitFor();
            }
        }
    }

    private static JsonNode figures(List<JsonNode> events) {
        return events.get(events.size() - 1).path("data").path("outputs").path("figures");
    }

    private static Process startWorker(KafkaBroker broker, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(
                        java,
                        "-Dcamel.component.kafka.brokers=" + broker.bootstrapServers(),
                        "-Dquarkus.http.port=0",
                        "-Dai.djl.offline=true",
                        "-Dkn.roles=worker",
                        "-Dkn.data-dir=" + log.toAbsolutePath().getParent().resolve(log.getFileName() + ".data"),
                        "-jar",
                        new File(System.getProperty("kn.app.jar", "target/quarkus-app/quarkus-run.jar"))
                                .getAbsolutePath())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }
}
