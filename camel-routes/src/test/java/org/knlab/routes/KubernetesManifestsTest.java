package org.knlab.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.knlab.routes.shards.ShardRoute;
import org.knlab.schemas.TopicNames;

/**
 * The Kubernetes manifests in deploy/k8s agree with the application: every topic of
 * {@link TopicNames} is a Strimzi KafkaTopic with the partitions and configs the worker would give
 * it, the broker has what the shard join needs, the worker asks for a GPU and runs the worker
 * role, the store runs on PostgreSQL, and KEDA scales the worker Deployment on the groups and
 * topics the routes consume, never beyond their partitions.
 */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("..", "deploy", "k8s");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<JsonNode> DOCS = new ArrayList<>();
    private static final Properties APP = new Properties();

    @BeforeAll
    static void load() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                if (f.getFileName().toString().equals("kustomization.yaml")) {
                    continue;
                }
                YAML.readerFor(JsonNode.class).<JsonNode>readValues(f.toFile()).readAll().stream()
                        .filter(d -> d != null && !d.isMissingNode() && !d.isNull())
                        .forEach(DOCS::add);
            }
        }
        try (InputStream in = KubernetesManifestsTest.class.getResourceAsStream("/application.properties")) {
            APP.load(in);
        }
    }

    private static List<JsonNode> ofKind(String kind) {
        return DOCS.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    private static JsonNode named(String kind, String name) {
        return ofKind(kind).stream()
                .filter(d -> d.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    @Test
    void everyTopicIsAKafkaTopicWithTheWorkersPartitionsAndConfigs() throws IllegalAccessException {
        Set<String> topics = new TreeSet<>();
        for (Field f : TopicNames.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                topics.add((String) f.get(null));
            }
        }
        Set<String> declared = ofKind("KafkaTopic").stream()
                .map(d -> d.path("metadata").path("name").asText())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(topics, declared);
        String cluster = ofKind("Kafka").get(0).path("metadata").path("name").asText();
        int partitions = Integer.parseInt(APP.getProperty("kn.kafka.partitions"));
        Map<String, Integer> single = Map.of(TopicNames.DLQ, 1, TopicNames.PROCESSED, 1);
        for (JsonNode t : ofKind("KafkaTopic")) {
            String name = t.path("metadata").path("name").asText();
            assertEquals(
                    cluster,
                    t.path("metadata").path("labels").path("strimzi.io/cluster").asText(),
                    name);
            assertEquals(
                    (int) single.getOrDefault(name, partitions),
                    t.path("spec").path("partitions").asInt(),
                    name);
        }
        JsonNode processed =
                named("KafkaTopic", TopicNames.PROCESSED).path("spec").path("config");
        assertEquals("compact", processed.path("cleanup.policy").asText());
        long deadLetterRecord = Long.parseLong(APP.getProperty("kn.limits.max-dead-letter-bytes")) + 64 * 1024;
        assertEquals(
                deadLetterRecord,
                named("KafkaTopic", TopicNames.DLQ)
                        .path("spec")
                        .path("config")
                        .path("max.message.bytes")
                        .asLong());
        assertEquals(
                Long.parseLong(APP.getProperty("kn.kafka.shard-output-retention-ms")),
                named("KafkaTopic", TopicNames.SHARD_OUTPUTS)
                        .path("spec")
                        .path("config")
                        .path("retention.ms")
                        .asLong());
    }

    @Test
    void theBrokerCreatesNoTopicAndHasTransactionsForTheShardJoin() {
        JsonNode config = ofKind("Kafka").get(0).path("spec").path("kafka").path("config");
        assertFalse(config.path("auto.create.topics.enable").asBoolean(true));
        assertTrue(config.path("transaction.state.log.replication.factor").asInt() >= 1);
        assertTrue(config.path("message.max.bytes").asLong()
                >= Long.parseLong(APP.getProperty("kn.limits.max-dead-letter-bytes")) + 64 * 1024);
    }

    @Test
    void theWorkerHasAGpuAndTheStoreItsDatabase() {
        int port = Integer.parseInt(APP.getProperty("quarkus.http.port"));
        JsonNode worker = container(named("Deployment", "kn-worker"));
        assertEquals("worker", env(worker, "KN_ROLES"));
        assertEquals("gpu", env(worker, "KN_DEVICE"));
        assertEquals(
                1,
                worker.path("resources").path("limits").path("nvidia.com/gpu").asInt());
        assertEquals(port, worker.path("ports").get(0).path("containerPort").asInt());
        assertEquals(
                "/q/health/ready",
                worker.path("readinessProbe").path("httpGet").path("path").asText());
        JsonNode store = container(named("Deployment", "kn-store"));
        assertEquals("store", env(store, "KN_ROLES"));
        assertTrue(env(store, "KN_DB_URL").startsWith("jdbc:postgresql://"));
        assertTrue(
                store.path("resources").path("limits").path("nvidia.com/gpu").isMissingNode(),
                "the store needs no GPU");
        assertEquals(port, store.path("ports").get(0).path("containerPort").asInt());
    }

    @Test
    void kedaScalesTheWorkersOnTheGroupsTheyConsume() {
        JsonNode scaled = ofKind("ScaledObject").get(0).path("spec");
        assertEquals("kn-worker", scaled.path("scaleTargetRef").path("name").asText());
        Map<String, String> groupOf =
                Map.of(TopicNames.SHARDS, ShardRoute.SHARDS_GROUP, TopicNames.STEPS, StepRoute.GROUP);
        Set<String> watched = new TreeSet<>();
        for (JsonNode trigger : scaled.path("triggers")) {
            assertEquals("kafka", trigger.path("type").asText());
            String topic = trigger.path("metadata").path("topic").asText();
            assertEquals(
                    groupOf.get(topic),
                    trigger.path("metadata").path("consumerGroup").asText(),
                    topic);
            assertTrue(
                    scaled.path("maxReplicaCount").asInt()
                            <= named("KafkaTopic", topic)
                                    .path("spec")
                                    .path("partitions")
                                    .asInt(),
                    "more workers than partitions of " + topic + " would idle");
            watched.add(topic);
        }
        assertEquals(groupOf.keySet(), watched);
    }

    @Test
    void kustomizationListsEveryManifest() throws IOException {
        JsonNode k = YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
        Set<String> listed = new TreeSet<>();
        k.path("resources").forEach(r -> listed.add(r.asText()));
        try (Stream<Path> files = Files.list(DIR)) {
            assertEquals(
                    files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".yaml"))
                            .filter(n -> !n.equals("kustomization.yaml"))
                            .collect(Collectors.toCollection(TreeSet::new)),
                    listed);
        }
    }

    private static JsonNode container(JsonNode deployment) {
        return deployment
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0);
    }

    private static String env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e.path("value").asText();
            }
        }
        throw new AssertionError("no env " + name);
    }
}
