package org.knlab.routes.shards;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Properties;
import org.apache.camel.quarkus.main.events.AfterStart;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.knlab.routes.KnConfig;

/**
 * The durable join of sharded steps: a Kafka Streams application ({@code kn-shard-joins}) that
 * reads {@code kn.shards.outputs}, keeps each step's tally in a state store ({@link TallyProcessor};
 * in memory, restored from its changelog topic) and writes tallies to {@code kn.shards.joins}.
 * With {@code exactly_once_v2} the store update, the tally written and the input offsets commit in
 * one transaction, so "complete" is written exactly once per phase even when a worker dies; the
 * join route reads with {@code read_committed}. Its tasks (one per partition) spread over the
 * workers like the consumers do. Started after the topics exist (Camel's {@link AfterStart}).
 */
@ApplicationScoped
public class ShardTallies {

    private static final Logger LOG = Logger.getLogger(ShardTallies.class);
    static final String APPLICATION_ID = "kn-shard-joins";

    private final KnConfig config;
    private final String brokers;
    private KafkaStreams streams;

    ShardTallies(KnConfig config, @ConfigProperty(name = "camel.component.kafka.brokers") String brokers) {
        this.config = config;
        this.brokers = brokers;
    }

    void start(@Observes AfterStart event) {
        if (!config.runs("worker")) {
            return;
        }
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(TallyProcessor.STORE), Serdes.String(), Serdes.String()));
        builder.stream(config.topics().shardOutputs(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(TallyProcessor::new, TallyProcessor.STORE)
                .to(config.topics().shardJoins(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100); // a tally reaches the join route within ~0.1 s
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir()); // several workers may share a machine
        streams = new KafkaStreams(builder.build(), p);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("the shard join stream failed; replacing its thread", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD;
        });
        streams.start();
        LOG.info("shard join stream started");
    }

    private static String stateDir() {
        try {
            return Files.createTempDirectory("kn-shard-joins-").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @PreDestroy
    void close() {
        if (streams != null) {
            streams.close(Duration.ofSeconds(10));
        }
    }
}
