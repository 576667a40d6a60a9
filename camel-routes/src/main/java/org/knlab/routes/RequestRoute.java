package org.knlab.routes;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.IdempotentRepository;

/**
 * kn.experiments.requests → validate → drop repeated experiment ids → accepted event + first step.
 * Any failure goes to {@code direct:reject}.
 */
@ApplicationScoped
public class RequestRoute extends RouteBuilder {

    private final RequestIntake intake;
    private final WorkflowStart start;
    private final IdempotentRepository processed;

    RequestRoute(RequestIntake intake, WorkflowStart start, IdempotentRepository processed) {
        this.intake = intake;
        this.start = start;
        this.processed = processed;
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
                .idempotentConsumer(simple("request:${header." + RequestIntake.EXPERIMENT_ID + "}"), processed)
                    .eager(false).skipDuplicate(false)
                    .filter(exchangeProperty(Exchange.DUPLICATE_MESSAGE).isEqualTo(true))
                        .log("experiment ${header." + RequestIntake.EXPERIMENT_ID + "} was already submitted; ignored")
                        .stop()
                    .end()
                    .process(start)
                .end();
    }
}
