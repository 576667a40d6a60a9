package org.knlab.routes.ops;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** One Kafka admin client for health and lag, created on first use. */
@ApplicationScoped
public class KafkaAdmin {

    private final String brokers;
    private Admin admin;

    KafkaAdmin(@ConfigProperty(name = "camel.component.kafka.brokers") String brokers) {
        this.brokers = brokers;
    }

    public synchronized Admin get() {
        if (admin == null) {
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    brokers,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    3000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                    5000));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
