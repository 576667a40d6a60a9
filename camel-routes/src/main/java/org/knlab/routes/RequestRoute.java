package org.knlab.routes;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.builder.RouteBuilder;

/**
 * kn.experiments.requests → validate → accepted event + first step (once per experiment id).
 * Any failure goes to {@code direct:reject}.
 */
@ApplicationScoped
public class RequestRoute extends RouteBuilder {

    private final RequestIntake intake;
    private final WorkflowStart start;

    RequestRoute(RequestIntake intake, WorkflowStart start) {
        this.intake = intake;
        this.start = start;
    }

    @Override
    public void configure() {
        onException(Exception.class).handled(true).to("direct:reject");

        from("kafka:{{kn.topics.requests}}?groupId=kn-intake&autoOffsetReset=earliest&sessionTimeoutMs={{kn.kafka.session-timeout-ms}}"
                + "&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer")
                .routeId("requests")
                .setProperty(Rejections.ORIGINAL, body())
                .setProperty(Rejections.SOURCE_TOPIC, simple("{{kn.topics.requests}}"))
                .process(intake)
                .process(start);
    }
}
