package org.knlab.routes;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.builder.RouteBuilder;

/** direct:reject → failed event + dead letter, for every route's failures. */
@ApplicationScoped
public class RejectionRoute extends RouteBuilder {

    private final Rejections rejections;

    RejectionRoute(Rejections rejections) {
        this.rejections = rejections;
    }

    @Override
    public void configure() {
        from("direct:reject").routeId("reject").process(rejections);
    }
}
