package org.knlab.routes;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.IdempotentRepository;

/**
 * kn.steps → run the step. A step is marked done (in Kafka) only once it completed, so a worker
 * that dies mid-step leaves it to be run again, and a step already done is never run twice.
 * One record per poll, with a long poll interval, because a step can take minutes.
 */
@ApplicationScoped
public class StepRoute extends RouteBuilder {

    private final StepRunner runner;
    private final IdempotentRepository processed;

    StepRoute(StepRunner runner, IdempotentRepository processed) {
        this.runner = runner;
        this.processed = processed;
    }

    @Override
    public void configure() {
        onException(Exception.class).handled(true).to("direct:reject");

        from("kafka:{{kn.topics.steps}}?groupId=kn-workers&autoOffsetReset=earliest&maxPollRecords=1&sessionTimeoutMs={{kn.kafka.session-timeout-ms}}"
                + "&maxPollIntervalMs=1800000"
                + "&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer")
                .routeId("steps")
                .setProperty(Rejections.ORIGINAL, body())
                .setProperty(Rejections.SOURCE_TOPIC, simple("{{kn.topics.steps}}"))
                .process(runner::parse)
                .idempotentConsumer(header(StepRunner.STEP_KEY), processed).eager(false)
                    .process(runner)
                .end();
    }
}
