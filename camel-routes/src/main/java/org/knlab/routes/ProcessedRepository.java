package org.knlab.routes;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.kafka.KafkaIdempotentRepository;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The ids of accepted experiments and completed steps, kept in a Kafka topic so that every worker,
 * and a worker after a restart, knows them.
 */
@ApplicationScoped
public class ProcessedRepository {

    @Produces
    @ApplicationScoped
    IdempotentRepository processed(CamelContext camel, KafkaTopics topics, KnConfig config, @ConfigProperty(name = "camel.component.kafka.brokers") String brokers) {
        topics.ensureAll(); // the repository reads its topic at start-up, so it must exist
        Properties producer = new Properties();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        producer.put(ProducerConfig.LINGER_MS_CONFIG, "0"); // each id is written alone, at once
        Properties consumer = new Properties();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        KafkaIdempotentRepository repository = new KafkaIdempotentRepository(config.topics().processed(), consumer, producer);
        repository.setCamelContext(camel);
        repository.setMaxCacheSize(100_000);
        return repository;
    }
}
