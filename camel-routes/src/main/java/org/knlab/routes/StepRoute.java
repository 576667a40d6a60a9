package org.knlab.routes;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.builder.RouteBuilder;

/**
 * kn.steps → run the step. A step is recorded as done ({@link ProcessedIds}) only once it completed,
 * so a worker that dies mid-step leaves it to be run again, and a step already done is skipped.
 * One record per poll, with a long poll interval, because a step can take hours. One consumer: steps
 * run one at a time, which value-slot interventions (reversible edits of the shared weights) rely on.
 */
@ApplicationScoped
public class StepRoute extends RouteBuilder {

    private final StepRunner runner;

    StepRoute(StepRunner runner) {
        this.runner = runner;
    }

    @Override
    public void configure() {
        onException(Exception.class).handled(true).to("direct:reject");

        from("kafka:{{kn.topics.steps}}?groupId=kn-workers&autoOffsetReset=earliest&maxPollRecords=1&sessionTimeoutMs={{kn.kafka.session-timeout-ms}}"
                + "&maxPollIntervalMs={{kn.kafka.max-poll-interval-ms}}"
                + "&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer")
                .routeId("steps")
                .setProperty(Rejections.ORIGINAL, body())
                .setProperty(Rejections.SOURCE_TOPIC, simple("{{kn.topics.steps}}"))
                .process(runner::parse)
                .process(runner);
    }
}
