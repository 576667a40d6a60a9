package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.knlab.schemas.ExperimentRequest;
import org.knlab.schemas.ShardMessage;
import org.knlab.schemas.StepMessage;
import org.knlab.schemas.TopicNames;

/**
 * A sharded step through Kafka on the real model: the replication split into one-fact shards (two
 * phases, a join after each) equals the same request run whole by one worker, the shards spread
 * over partitions, and progress counts shards and facts.
 */
@QuarkusTest
class ShardedStepsTest extends PlatformTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(900);

    /** A small replication of {@code facts} facts of P36 in shards of {@code shardSize} (0: whole). */
    static String request(String id, int facts, int shardSize) {
        return """
                {"experimentId": "%s", "seed": 7,
                 "steps": [{"id": "figures", "type": "replicate-kn-figures",
                            "params": {"relations": ["P36"], "factsPerRelation": %d, "mode": "fast", "steps": 1,
                                       "controls": 3, "dropoutFacts": 2, "dropoutRepeats": 2, "bootstrap": 50,
                                       "shardSize": %d}}]}""".formatted(id, facts, shardSize);
    }

    @Test
    void oneFactShardsGiveExactlyTheUnshardedResult() {
        kafka.send(PlatformTest.REQUESTS, "shards-1", request("shards-1", 3, 1));
        kafka.send(PlatformTest.REQUESTS, "whole-1", request("whole-1", 3, 0));
        JsonNode sharded = result("shards-1");
        JsonNode whole = result("whole-1");
        for (String part : List.of("figures", "tables", "dropout", "neuronStatistics", "promptShareByRelation")) {
            assertEquals(whole.path(part), sharded.path(part), part);
        }
        assertEquals(
                3,
                sharded.path("figures").get(0).path("facts").asInt(),
                sharded.path("figures").toString());

        // Two phases of three one-fact shards, each phase's round-robin over the (four) partitions of kn.shards.
        Map<Integer, Set<Integer>> partitionsByPhase = new TreeMap<>();
        Set<String> keys = new TreeSet<>();
        for (ConsumerRecord<String, byte[]> r : kafka.readAll(TopicNames.SHARDS, Duration.ofSeconds(3))) {
            if (r.key().startsWith("shards-1#")) {
                partitionsByPhase
                        .computeIfAbsent(Integer.parseInt(r.key().split("#")[2]), p -> new TreeSet<>())
                        .add(r.partition());
                keys.add(r.key());
            }
        }
        assertEquals(
                Set.of(
                        "shards-1#0#0#0",
                        "shards-1#0#0#1",
                        "shards-1#0#0#2",
                        "shards-1#0#1#0",
                        "shards-1#0#1#1",
                        "shards-1#0#1#2"),
                keys);
        assertEquals(4, kafka.partitions(TopicNames.SHARDS));
        for (Set<Integer> partitions : partitionsByPhase.values()) {
            assertEquals(3, partitions.size(), "a phase's three shards on three partitions: " + partitionsByPhase);
        }

        // Progress per finished shard, per phase; the last of each phase says 3 of 3 facts.
        List<JsonNode> progress = kafka.eventsFor(PlatformTest.PROGRESS, "shards-1", Duration.ofSeconds(3)).stream()
                .filter(e -> e.path("type").asText().equals("org.knlab.experiment.progress"))
                .map(e -> e.path("data"))
                .filter(d -> d.path("unit").asText().equals("facts"))
                .toList();
        for (int phase = 0; phase < 2; phase++) {
            int p = phase;
            List<JsonNode> ofPhase =
                    progress.stream().filter(d -> d.path("phase").asInt() == p).toList();
            assertEquals(3, ofPhase.size(), "one progress event per shard: " + ofPhase);
            JsonNode last = ofPhase.stream()
                    .filter(d -> d.path("shardsDone").asInt() == 3)
                    .findFirst()
                    .orElseThrow();
            assertEquals(3, last.path("done").asInt());
            assertEquals(3, last.path("total").asInt());
            assertEquals(3, last.path("shards").asInt());
        }
    }

    @Test
    void aShardThatThrowsFailsItsExperimentAndNothingElseHappens() throws Exception {
        String request = request("shard-bad-1", 3, 1);
        // A shard naming a fact that does not exist, queued before the experiment's own shard 0 (same
        // partition, earlier offset): it fails the experiment; the real shards then do nothing.
        StepMessage step = new StepMessage(
                "shard-bad-1",
                Json.MAPPER.readValue(request, ExperimentRequest.class),
                0,
                Json.MAPPER.createObjectNode(),
                Instant.now().toString(),
                request.getBytes(StandardCharsets.UTF_8));
        ShardMessage bogus = new ShardMessage(step, 0, 0, 3, 3, List.of("no-such-fact"), List.of());
        kafka.send(
                TopicNames.SHARDS,
                bogus.partition(kafka.partitions(TopicNames.SHARDS)),
                bogus.key(),
                Json.MAPPER.writeValueAsBytes(bogus));
        kafka.send(PlatformTest.REQUESTS, "shard-bad-1", request);

        List<JsonNode> failed =
                kafka.eventsUntil(PlatformTest.RESULTS, "shard-bad-1", "org.knlab.experiment.failed", TIMEOUT);
        JsonNode reason = failed.get(failed.size() - 1).path("data").path("reason");
        assertEquals("step-error", reason.path("code").asText());
        assertTrue(
                reason.path("message").asText().contains("'no-such-fact', which is not a ParaRel fact"),
                reason.toString());
        ConsumerRecord<String, byte[]> dead =
                kafka.readUntil(TopicNames.DLQ, r -> "shard-bad-1".equals(r.key()), Duration.ofSeconds(30)).stream()
                        .filter(r -> "shard-bad-1".equals(r.key()))
                        .findFirst()
                        .orElseThrow();
        assertEquals(request, new String(dead.value(), StandardCharsets.UTF_8), "the request as sent, on the DLQ");

        List<JsonNode> later = kafka.eventsFor(PlatformTest.RESULTS, "shard-bad-1", Duration.ofSeconds(20));
        assertEquals(
                List.of("org.knlab.experiment.failed"),
                later.stream().map(e -> e.path("type").asText()).toList(),
                "one failure and nothing else: no step result, no final result");
    }

    private static JsonNode result(String id) {
        List<JsonNode> events = kafka.eventsUntil(PlatformTest.RESULTS, id, "org.knlab.experiment.result", TIMEOUT);
        return events.get(events.size() - 1).path("data").path("outputs").path("figures");
    }
}
