package org.knlab.routes;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * kn.steps → run the step. A step is recorded as done ({@link ProcessedIds}) only once it completed,
 * so a worker that dies mid-step leaves it to be run again, and a step already done is skipped.
 * One record per poll, with a long poll interval, because a step can take hours. One consumer: steps
 * run one at a time, which value-slot interventions (reversible edits of the shared weights) rely on.
 * Its offset is committed once the step is handled, not when the worker stops ({@link WorkerRoutes}).
 */
@ApplicationScoped
public class StepRoute extends WorkerRoutes {

    public static final String GROUP = "kn-workers";

    private final StepRunner runner;
    private final WorkerStop stop;

    private final String topic;
    private final boolean worker;

    StepRoute(StepRunner runner, WorkerStop stop, KnConfig config) {
        this.runner = runner;
        this.stop = stop;
        this.worker = config.runs("worker");
        this.topic = config.topics().steps();
    }

    @Override
    public void configure() {
        if (!worker) {
            return; // kn.roles without worker: no intake, no steps here
        }
        failurePaths(stop);

        // The Kafka consumer's other options are camel.component.kafka.* in application.properties.
        from("kafka:" + topic + "?groupId=" + GROUP + "&maxPollRecords=1" + COMMIT_WHEN_HANDLED)
                .routeId("steps")
                .setProperty(Rejections.ORIGINAL, body())
                .setProperty(Rejections.SOURCE_TOPIC, constant(topic))
                .process(runner::parse)
                .process(runner)
                .process(WorkerRoutes::commit);
    }
}
