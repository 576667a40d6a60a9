package org.knlab.routes.store;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.builder.RouteBuilder;
import org.knlab.routes.KnConfig;

/**
 * progress, results, alerts, DLQ and row topics → the results store, in its own consumer group
 * ({@code kn-store}), where {@code kn.roles} has {@code store}. A record that cannot be stored stops
 * the consumer at that record (breakOnFirstError) and is read again: nothing is skipped, and the
 * store's idempotency absorbs what is read twice.
 */
@ApplicationScoped
public class StoreRoute extends RouteBuilder {

    public static final String GROUP = "kn-store";

    private final StoreIntake intake;
    private final KnConfig config;

    StoreRoute(StoreIntake intake, KnConfig config) {
        this.intake = intake;
        this.config = config;
    }

    @Override
    public void configure() {
        if (!config.runs("store")) {
            return;
        }
        KnConfig.Topics t = config.topics();
        from("kafka:" + String.join(",", t.progress(), t.results(), t.alerts(), t.dlq(), t.rows()) + "?groupId=" + GROUP
                        + "&breakOnFirstError=true")
                .routeId("store")
                .process(intake);
    }
}
