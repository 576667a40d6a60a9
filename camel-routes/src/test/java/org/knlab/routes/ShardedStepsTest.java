package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
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
        assertEquals(3, sharded.path("figures").get(0).path("facts").asInt(), sharded.path("figures").toString());

        // Two phases of three one-fact shards, spread over the partitions of kn.shards.
        Set<Integer> partitions = new TreeSet<>();
        Set<String> keys = new TreeSet<>();
        for (ConsumerRecord<String, byte[]> r : kafka.readAll(TopicNames.SHARDS, Duration.ofSeconds(3))) {
            if (r.key().startsWith("shards-1#")) {
                partitions.add(r.partition());
                keys.add(r.key());
            }
        }
        assertEquals(Set.of("shards-1#0#0#0", "shards-1#0#0#1", "shards-1#0#0#2", "shards-1#0#1#0", "shards-1#0#1#1",
                "shards-1#0#1#2"), keys);
        assertTrue(partitions.size() > 1, "shards on partitions " + partitions);

        // Progress per finished shard, per phase; the last of each phase says 3 of 3 facts.
        List<JsonNode> progress = kafka.eventsFor(PlatformTest.PROGRESS, "shards-1", Duration.ofSeconds(3)).stream()
                .filter(e -> e.path("type").asText().equals("org.knlab.experiment.progress")).map(e -> e.path("data"))
                .filter(d -> d.path("unit").asText().equals("facts")).toList();
        for (int phase = 0; phase < 2; phase++) {
            int p = phase;
            List<JsonNode> ofPhase = progress.stream().filter(d -> d.path("phase").asInt() == p).toList();
            assertEquals(3, ofPhase.size(), "one progress event per shard: " + ofPhase);
            JsonNode last = ofPhase.stream().filter(d -> d.path("shardsDone").asInt() == 3).findFirst().orElseThrow();
            assertEquals(3, last.path("done").asInt());
            assertEquals(3, last.path("total").asInt());
            assertEquals(3, last.path("shards").asInt());
        }
    }

    private static JsonNode result(String id) {
        List<JsonNode> events = kafka.eventsUntil(PlatformTest.RESULTS, id, "org.knlab.experiment.result", TIMEOUT);
        return events.get(events.size() - 1).path("data").path("outputs").path("figures");
    }
}
