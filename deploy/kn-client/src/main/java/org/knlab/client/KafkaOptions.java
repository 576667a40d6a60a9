package org.knlab.client;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Option;

/** Where the platform's Kafka is, for the commands that talk to it (topics: {@link org.knlab.schemas.TopicNames}). */
final class KafkaOptions {

    @Option(
            names = "--brokers",
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: $KN_KAFKA_BROKERS or localhost:9092).")
    String brokers;

    String brokers() {
        return Optional.ofNullable(brokers)
                .or(() -> Optional.ofNullable(System.getenv("KN_KAFKA_BROKERS")))
                .orElse("localhost:9092");
    }

    KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers(), ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(),
                new StringSerializer());
    }

    /** A consumer of its own (fresh group) that reads from the first record, or only new ones. */
    KafkaConsumer<String, String> consumer(boolean fromBeginning) {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        brokers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "kn-cli-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        fromBeginning ? "earliest" : "latest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new StringDeserializer());
    }
}
