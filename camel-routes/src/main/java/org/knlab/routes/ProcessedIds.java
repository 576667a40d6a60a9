package org.knlab.routes;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The ids of accepted experiments and completed steps, kept in the compacted topic
 * {@code kn.experiments.processed} so that every worker, and a worker after a restart, knows them.
 * At start-up the whole topic is read before any message is handled; a background reader then
 * follows the topic so that ids written by other workers arrive too. Ids are written through the
 * {@link EventPublisher}, in the same flush as the events they stand for.
 */
@ApplicationScoped
public class ProcessedIds {

    private static final Logger LOG = Logger.getLogger(ProcessedIds.class);

    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final EventPublisher events;
    private final KafkaConsumer<String, String> consumer;
    private final Thread follower;
    private volatile boolean running = true;

    ProcessedIds(
            EventPublisher events,
            KnConfig config,
            @ConfigProperty(name = "camel.component.kafka.brokers") String brokers) {
        this.events = events;
        String topic = config.topics().processed();
        this.consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        brokers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            read(Duration.ofMillis(200));
        }
        LOG.infof("%d processed ids loaded from %s", ids.size(), topic);
        this.follower = new Thread(this::follow, "kn-processed-ids");
        follower.setDaemon(true);
        follower.start();
    }

    private void follow() {
        while (running) {
            try {
                read(Duration.ofMillis(500));
            } catch (org.apache.kafka.common.errors.WakeupException stopping) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("reading processed ids failed; retrying", e);
            }
        }
    }

    private synchronized void read(Duration timeout) {
        for (ConsumerRecord<String, String> r : consumer.poll(timeout)) {
            if (r.value() == null) {
                ids.remove(r.key()); // a tombstone: an operator took the id back (e.g. un-failing an experiment)
            } else {
                ids.add(r.key());
            }
        }
    }

    /** The id recorded when an experiment is accepted. */
    public static String request(String experimentId) {
        return "request:" + experimentId;
    }

    /** The id recorded when a step of an experiment completed. */
    public static String step(String experimentId, int stepIndex) {
        return "step:" + experimentId + "#" + stepIndex;
    }

    /** The id recorded when a sharded step's first phase was fanned out. */
    public static String planned(String experimentId, int stepIndex) {
        return "planned:" + experimentId + "#" + stepIndex;
    }

    /** The id recorded when one shard of a sharded step's phase produced its output. */
    public static String shard(String experimentId, int stepIndex, int phase, int shard) {
        return "shard:" + experimentId + "#" + stepIndex + "#" + phase + "#" + shard;
    }

    /** The id recorded when the join after a sharded step's phase ran. */
    public static String join(String experimentId, int stepIndex, int phase) {
        return "join:" + experimentId + "#" + stepIndex + "#" + phase;
    }

    /** The id recorded when an accepted experiment failed: its remaining shards and joins are skipped. */
    public static String failed(String experimentId) {
        return "failed:" + experimentId;
    }

    public boolean contains(String id) {
        return ids.contains(id);
    }

    /** Records an id; it is written with the next {@link EventPublisher#flush()}. */
    public void add(String id) {
        ids.add(id);
        events.processed(id);
    }

    @PreDestroy
    void close() {
        running = false;
        consumer.wakeup();
        try {
            follower.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
    }
}
