package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.knlab.schemas.TopicNames;

/** The holes a hostile-input probe found, each closed, through the real broker and routes. */
@QuarkusTest
class HostileInputTest extends PlatformTestBase {

    private static final String FAILED = "org.knlab.experiment.failed";
    private static final String RESULT = "org.knlab.experiment.result";

    private static String request(String id) {
        return "{\"experimentId\": \"" + id
                + "\", \"facts\": {\"prompts\": [{\"text\": \"Baku is the capital of [MASK].\"}]},"
                + " \"steps\": [{\"id\": \"s\", \"type\": \"fill-mask\"}]}";
    }

    /** A later request under the same key (so the same partition, read after it) has completed. */
    private static void intakeReadPast(String key, String id) {
        kafka.send(PlatformTest.REQUESTS, key, request(id));
        kafka.eventsUntil(PlatformTest.RESULTS, id, RESULT, PlatformTest.TIMEOUT);
    }

    private static ConsumerRecord<String, byte[]> deadLetterOf(byte[] original) {
        return BadInputTest.last(
                kafka.readUntil(TopicNames.DLQ, r -> Arrays.equals(original, r.value()), PlatformTest.TIMEOUT));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                " }}garbage",
                "{\"experimentId\": \"second-doc\", \"steps\": [{\"id\": \"s\", \"type\": \"probe\"}]}"
            })
    void contentAfterTheRequestMakesItMalformed(String trailing) {
        String id = "trailing-" + trailing.length();
        byte[] sent = (request(id) + trailing).getBytes(StandardCharsets.UTF_8);
        kafka.send(PlatformTest.REQUESTS, id, sent);

        ConsumerRecord<String, byte[]> dead = deadLetterOf(sent);
        assertEquals("malformed-json", BadInputTest.header(dead, EventPublisher.REASON_CODE));
        String reason = BadInputTest.header(dead, EventPublisher.REASON_MESSAGE);
        assertFalse(reason.contains("com.fasterxml") || reason.contains("FAIL_ON_"), "no library internals: " + reason);
        if (trailing.startsWith("{")) {
            assertTrue(reason.contains("more than one JSON value"), reason);
        }
        intakeReadPast(id, id + "-next");
        assertEquals(
                List.of(), kafka.eventsFor(PlatformTest.PROGRESS, id, Duration.ofSeconds(2)), "neither document ran");
        assertEquals(List.of(), kafka.eventsFor(PlatformTest.PROGRESS, "second-doc", Duration.ofSeconds(1)));
    }

    @Test
    void aCompressedOversizeRecordLandsOnTheDeadLetterTopicWhole() {
        String padding = " ".repeat(3 << 20); // 3 MiB of whitespace: valid JSON, ~3 KiB gzipped
        byte[] sent = ("{\"experimentId\": \"oversize-1\"," + padding
                        + "\"steps\": [{\"id\": \"s\", \"type\": \"probe\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        kafka.sendCompressed(PlatformTest.REQUESTS, "oversize-1", sent);

        ConsumerRecord<String, byte[]> dead = deadLetterOf(sent);
        assertEquals("limit-exceeded", BadInputTest.header(dead, EventPublisher.REASON_CODE));
        assertTrue(BadInputTest.header(dead, EventPublisher.REASON_MESSAGE).contains("kn.limits.max-message-bytes"));
    }

    @Test
    void aRepeatedIdOfAnAcceptedExperimentIsIgnoredEvenWhenInvalid() {
        kafka.send(PlatformTest.REQUESTS, "once-1", request("once-1"));
        kafka.eventsUntil(PlatformTest.RESULTS, "once-1", RESULT, PlatformTest.TIMEOUT);
        kafka.send(
                PlatformTest.REQUESTS,
                "once-1",
                request("once-1").replace("{\"experimentId\"", "{\"colour\": \"red\", \"experimentId\""));
        intakeReadPast("once-1", "once-1-after");

        List<String> types =
                PlatformTest.types(kafka.eventsFor(PlatformTest.PROGRESS, "once-1", Duration.ofSeconds(2)));
        assertEquals(1, types.stream().filter("completed"::equals).count(), types.toString());
        assertFalse(types.contains("failed"), "one id, one final outcome: " + types);
    }

    @Test
    void aNonStringIdFailsUnderItsJsonText() {
        kafka.send(PlatformTest.REQUESTS, "424242", request("x").replace("\"x\"", "424242"));
        List<JsonNode> progress = kafka.eventsUntil(PlatformTest.PROGRESS, "424242", FAILED, PlatformTest.TIMEOUT);
        JsonNode failed = progress.get(progress.size() - 1);
        assertEquals("424242", failed.path("data").path("experimentId").asText());
        assertEquals(
                "$.experimentId",
                failed.path("data").path("reason").path("field").asText(),
                failed.toString());
    }

    @Test
    void anIdWithControlCharactersIsNeverEchoedRaw() {
        String raw = "evil\nid\u001b[31m";
        kafka.send(
                PlatformTest.REQUESTS, "evil", request(raw.replace("\n", "\\n").replace("\u001b", "\\u001b")));

        String escaped = "evil%0Aid%1B%5B31m";
        List<JsonNode> progress = kafka.eventsUntil(PlatformTest.PROGRESS, escaped, FAILED, PlatformTest.TIMEOUT);
        JsonNode failed = progress.get(progress.size() - 1);
        assertEquals(escaped, failed.path("subject").asText());
        assertEquals(escaped, failed.path("data").path("experimentId").asText());
        assertEquals(
                "schema-violation",
                failed.path("data").path("reason").path("code").asText());
    }

    @Test
    void kafkaTopicsHaveTheirConfiguredPartitionsAndTheDeadLetterTopicTakesLargeRecords() throws Exception {
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.broker.bootstrapServers()))) {
            List<String> names = List.of(
                    TopicNames.REQUESTS,
                    TopicNames.STEPS,
                    TopicNames.PROGRESS,
                    TopicNames.RESULTS,
                    TopicNames.DLQ,
                    TopicNames.PROCESSED);
            Map<String, TopicDescription> topics =
                    admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
            for (String name : names.subList(0, 4)) {
                assertEquals(4, topics.get(name).partitions().size(), name + " (kn.kafka.partitions)");
            }
            assertEquals(1, topics.get(TopicNames.DLQ).partitions().size());
            assertEquals(1, topics.get(TopicNames.PROCESSED).partitions().size());
            ConfigResource dlq = new ConfigResource(ConfigResource.Type.TOPIC, TopicNames.DLQ);
            String maxBytes = admin.describeConfigs(List.of(dlq))
                    .all()
                    .get(10, TimeUnit.SECONDS)
                    .get(dlq)
                    .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)
                    .value();
            assertEquals((16 << 20) + (64 << 10), Integer.parseInt(maxBytes));
        }
    }
}
