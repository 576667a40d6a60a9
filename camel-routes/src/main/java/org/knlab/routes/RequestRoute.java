package org.knlab.routes;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.builder.RouteBuilder;

/**
 * kn.experiments.requests → validate → accepted event + first step (once per experiment id).
 * Any failure goes to {@code direct:reject}.
 */
@ApplicationScoped
public class RequestRoute extends RouteBuilder {

    public static final String GROUP = "kn-intake";

    private final RequestIntake intake;
    private final WorkflowStart start;

    private final String topic;
    private final boolean worker;

    RequestRoute(RequestIntake intake, WorkflowStart start, KnConfig config) {
        this.intake = intake;
        this.start = start;
        this.worker = config.runs("worker");
        this.topic = config.topics().requests();
    }

    @Override
    public void configure() {
        if (!worker) {
            return; // kn.roles without worker: no intake, no steps here
        }
        onException(Exception.class).handled(true).to("direct:reject");

        // The Kafka consumer's other options are camel.component.kafka.* in application.properties.
        from("kafka:" + topic + "?groupId=" + GROUP)
                .routeId("requests")
                .setProperty(Rejections.ORIGINAL, body())
                .setProperty(Rejections.SOURCE_TOPIC, constant(topic))
                .process(intake)
                .process(start);
    }
}
