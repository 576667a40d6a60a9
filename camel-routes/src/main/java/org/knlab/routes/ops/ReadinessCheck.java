package org.knlab.routes.ops;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.knlab.routes.ModelRegistry;

/** Ready when the default model is loaded and the Kafka cluster answers. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    private final ModelRegistry models;
    private final KafkaAdmin kafka;

    ReadinessCheck(ModelRegistry models, KafkaAdmin kafka) {
        this.models = models;
        this.kafka = kafka;
    }

    @Override
    public HealthCheckResponse call() {
        boolean kafkaUp;
        String kafkaDetail;
        try {
            kafkaDetail = kafka.get().describeCluster().clusterId().get(3, TimeUnit.SECONDS);
            kafkaUp = true;
        } catch (Exception e) {
            kafkaDetail = e.getClass().getSimpleName() + ": " + e.getMessage();
            kafkaUp = false;
        }
        return HealthCheckResponse.named("kn-lab")
                .status(models.defaultLoaded() && kafkaUp)
                .withData("modelLoaded", models.defaultLoaded())
                .withData("kafka", kafkaDetail)
                .build();
    }
}
