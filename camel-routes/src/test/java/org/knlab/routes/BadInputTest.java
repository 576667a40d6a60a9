package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.knlab.schemas.TopicNames;

/**
 * Each class of bad input yields a failed event naming what was wrong and a dead-letter record
 * holding the original message with the reason in its headers; the next good request still runs.
 */
@QuarkusTest
class BadInputTest extends PlatformTestBase {

    private static final String GOOD_STEPS = "\"steps\": [{\"id\": \"s\", \"type\": \"fill-mask\"}]";
    private static final String PROMPT = "\"facts\": {\"prompts\": [{\"text\": \"Baku is the capital of [MASK].\"}]}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '~',
            value = {
                "malformed JSON|bad-json|{\"experimentId\": \"bad-json\", |malformed-json|$",
                "schema violation|bad-schema|{\"experimentId\": \"bad-schema\", \"steps\": [{\"id\": \"s\"}]}|schema-violation|$.steps[0]",
                "unknown step type|bad-type|{\"experimentId\": \"bad-type\", \"steps\": [{\"id\": \"s\", \"type\": \"teleport\"}]}|unknown-step-type|$.steps[0].type",
                "unknown model|bad-model|{\"experimentId\": \"bad-model\", \"model\": \"no-such-model\", ~PROMPT~, ~STEPS~}|model-not-found|$.model",
                "path-escaping model|bad-model-path|{\"experimentId\": \"bad-model-path\", \"model\": \"../../etc\", ~PROMPT~, ~STEPS~}|invalid-model-id|$.model",
                "facts that do not exist|bad-facts|{\"experimentId\": \"bad-facts\", \"facts\": {\"uuids\": [\"no-such-fact\"]}, \"steps\": [{\"id\": \"p\", \"type\": \"probe\"}]}|invalid-input|$.facts.uuids",
                "too many prompts|bad-limit|{\"experimentId\": \"bad-limit\", \"facts\": {\"relations\": [\"P19\"]}, \"steps\": [{\"id\": \"p\", \"type\": \"probe\"}]}|limit-exceeded|$.facts",
                "too many steps|bad-steps|{\"experimentId\": \"bad-steps\", ~PROMPT~, \"steps\": [{\"id\":\"a\",\"type\":\"fill-mask\"},{\"id\":\"b\",\"type\":\"fill-mask\"},{\"id\":\"c\",\"type\":\"fill-mask\"},{\"id\":\"d\",\"type\":\"fill-mask\"},{\"id\":\"e\",\"type\":\"fill-mask\"},{\"id\":\"f\",\"type\":\"fill-mask\"},{\"id\":\"g\",\"type\":\"fill-mask\"},{\"id\":\"h\",\"type\":\"fill-mask\"},{\"id\":\"i\",\"type\":\"fill-mask\"},{\"id\":\"j\",\"type\":\"fill-mask\"},{\"id\":\"k\",\"type\":\"fill-mask\"}]}|limit-exceeded|$.steps",
                "a step that throws|bad-step|{\"experimentId\": \"bad-step\", \"facts\": {\"prompts\": [{\"text\": \"no mask in this text\"}]}, ~STEPS~}|invalid-input|$.facts.prompts[0].text",
                "bad step parameter|bad-param|{\"experimentId\": \"bad-param\", ~PROMPT~, \"steps\": [{\"id\": \"s\", \"type\": \"fill-mask\", \"params\": {\"top\": -1}}]}|schema-violation|$.steps[0].params.top",
                "parameter the library rejects|bad-neuron|{\"experimentId\": \"bad-neuron\", ~PROMPT~, \"steps\": [{\"id\": \"s\", \"type\": \"interventions\", \"params\": {\"neurons\": {\"x\": [[12, 0]]}}}]}|invalid-parameter|$.steps[0].params.neurons.x[0]",
                "hub frequencies of another model|bad-hub-source|{\"experimentId\": \"bad-hub-source\", \"facts\": {\"uuids\": [\"d6c8f0d5-b938-42c5-937a-7706c3fb194c\"]}, \"steps\": [{\"id\": \"s\", \"type\": \"interventions\", \"params\": {\"neurons\": {\"d6c8f0d5-b938-42c5-937a-7706c3fb194c\": [[9, 1]]}, \"hubSource\": {\"d6c8f0d5-b938-42c5-937a-7706c3fb194c\": [[9, 1]]}}}]}|invalid-parameter|$.steps[0].params.hubSource",
                "hub threshold outside (0, 1]|bad-hub-threshold|{\"experimentId\": \"bad-hub-threshold\", ~PROMPT~, \"steps\": [{\"id\": \"s\", \"type\": \"interventions\", \"params\": {\"hubThreshold\": 0}}]}|schema-violation|$.steps[0].params.hubThreshold",
                "seed beyond a long|bad-seed|{\"experimentId\": \"bad-seed\", \"seed\": 18446744073709551616, ~PROMPT~, ~STEPS~}|schema-violation|$.seed",
                "seed as a huge float|bad-seed-float|{\"experimentId\": \"bad-seed-float\", \"seed\": 1e30, ~PROMPT~, ~STEPS~}|schema-violation|$.seed",
                "neurons at no such hook|bad-neuron-hook|{\"experimentId\": \"bad-neuron-hook\", \"neuronHook\": \"mlp.hook_mid\", ~PROMPT~, ~STEPS~}|schema-violation|$.neuronHook",
                "a dictionary too large for the worker's memory|bad-sae-width|{\"experimentId\": \"bad-sae-width\", \"steps\": [{\"id\": \"s\", \"type\": \"train-sae\", \"params\": {\"relations\": [\"P103\"], \"factsPerRelation\": 2, \"width\": 1048576}}]}|invalid-parameter|$.steps[0].params.width",
                "sample beyond an int|bad-sample|{\"experimentId\": \"bad-sample\", \"facts\": {\"relations\": [\"P36\"], \"sample\": {\"size\": 2147483648}}, ~STEPS~}|schema-violation|$.facts.sample.size"
            })
    void badInputFailsCleanlyAndTheNextRequestStillRuns(
            String what, String key, String body, String code, String field) {
        String message = body.replace("~PROMPT~", PROMPT).replace("~STEPS~", GOOD_STEPS);
        kafka.send(PlatformTest.REQUESTS, key, message);

        String id = key.equals("bad-json") ? "unknown" : key;
        List<JsonNode> progress =
                kafka.eventsUntil(PlatformTest.PROGRESS, id, "org.knlab.experiment.failed", PlatformTest.TIMEOUT);
        JsonNode failed = progress.get(progress.size() - 1);
        JsonNode reason = failed.path("data").path("reason");
        assertEquals(code, reason.path("code").asText(), what + ": " + reason);
        assertEquals(field, reason.path("field").asText(), what + ": " + reason);
        assertTrue(reason.path("message").asText().length() > 10, what + ": " + reason);
        assertFalse(
                reason.path("message").asText().contains(System.getProperty("user.home")), "no server path: " + reason);

        List<ConsumerRecord<String, byte[]>> dlq = kafka.readUntil(
                TopicNames.DLQ,
                r -> id.equals(r.key()) && header(r, EventPublisher.REASON_CODE).equals(code),
                PlatformTest.TIMEOUT);
        ConsumerRecord<String, byte[]> dead = dlq.get(dlq.size() - 1);
        assertEquals(field, header(dead, EventPublisher.REASON_FIELD));
        assertEquals(message, new String(dead.value(), StandardCharsets.UTF_8), "the original bytes, untouched");
        assertEquals(TopicNames.REQUESTS, header(dead, EventPublisher.SOURCE_TOPIC));

        String next = key + "-next";
        kafka.send(
                PlatformTest.REQUESTS,
                next,
                "{\"experimentId\": \"" + next + "\", " + PROMPT + ", " + GOOD_STEPS + "}");
        kafka.eventsUntil(PlatformTest.RESULTS, next, "org.knlab.experiment.result", PlatformTest.TIMEOUT);
    }

    @Test
    void aLaterStepThatFailsDeadLettersTheRequestByteForByte() {
        String request = "{ \"steps\" : [ { \"type\":\"fill-mask\" ,\"id\":\"first\" },\n\t"
                + "{\"input\":{\"fromStep\":\"first\"},\"id\":\"second\",\"type\":\"interventions\"} ] ,\r\n"
                + "  \"facts\":{\"prompts\":[{\"gold\":\"Azerbaijan\",\"text\":\"Baku is the capital of [MASK].\"}]},"
                + "\"experimentId\" :   \"dlq-later-step\"   }\n";
        kafka.send(PlatformTest.REQUESTS, "dlq-later-step", request);

        List<JsonNode> progress = kafka.eventsUntil(
                PlatformTest.PROGRESS, "dlq-later-step", "org.knlab.experiment.failed", PlatformTest.TIMEOUT);
        assertTrue(PlatformTest.types(progress).contains("step.completed"), "the first step ran: " + progress);
        JsonNode reason = progress.get(progress.size() - 1).path("data").path("reason");
        assertEquals("$.steps[1].input", reason.path("field").asText(), reason.toString());
        ConsumerRecord<String, byte[]> dead =
                last(kafka.readUntil(TopicNames.DLQ, r -> "dlq-later-step".equals(r.key()), PlatformTest.TIMEOUT));
        assertArrayEquals(
                request.getBytes(StandardCharsets.UTF_8), dead.value(), "the request as sent, not re-serialised");
        assertEquals(TopicNames.REQUESTS, header(dead, EventPublisher.SOURCE_TOPIC));
    }

    static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

    static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }
}
