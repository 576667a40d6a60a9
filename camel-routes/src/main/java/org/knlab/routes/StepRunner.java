package org.knlab.routes;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.knlab.experiments.ProgressListener;
import org.knlab.nn.LanguageModel;
import org.knlab.routes.shards.ShardCoordinator;
import org.knlab.routes.steps.FactInputs;
import org.knlab.routes.steps.ShardedStep;
import org.knlab.routes.steps.StepContext;
import org.knlab.routes.steps.StepHandler;
import org.knlab.routes.steps.StepHandlers;
import org.knlab.routes.steps.StepOutput;
import org.knlab.schemas.EventData;
import org.knlab.schemas.ExperimentRequest;
import org.knlab.schemas.StepMessage;

/**
 * Runs one step message: {@code started}, throttled {@code progress}, the step through its handler,
 * then {@link StepCompletion}. A sharded step with a shard size is handed to the
 * {@link ShardCoordinator} instead, which fans it out and completes it at its last join.
 */
@ApplicationScoped
public class StepRunner implements Processor {

    private static final Logger LOG = Logger.getLogger(StepRunner.class);

    private final EventPublisher events;
    private final ModelRegistry models;
    private final StepHandlers handlers;
    private final KnConfig config;
    private final MeterRegistry metrics;
    private final ProcessedIds processed;
    private final StepCompletion completion;
    private final ShardCoordinator shards;

    StepRunner(
            EventPublisher events,
            ModelRegistry models,
            StepHandlers handlers,
            KnConfig config,
            MeterRegistry metrics,
            ProcessedIds processed,
            StepCompletion completion,
            ShardCoordinator shards) {
        this.processed = processed;
        this.completion = completion;
        this.shards = shards;
        this.events = events;
        this.models = models;
        this.handlers = handlers;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Reads the step message and sets what the failure path needs: the request record as the user
     * sent it, byte for byte, from its topic.
     */
    public void parse(Exchange exchange) throws IOException {
        StepMessage message = Json.MAPPER.readValue(exchange.getMessage().getBody(byte[].class), StepMessage.class);
        exchange.setProperty(RequestIntake.EXPERIMENT_ID, message.experimentId());
        exchange.setProperty(Rejections.ORIGINAL, message.originalRequest());
        exchange.setProperty(Rejections.SOURCE_TOPIC, config.topics().requests());
        exchange.setProperty(Rejections.STEP, message.step().id());
        exchange.setProperty(Rejections.STEP_INDEX, message.stepIndex());
        exchange.getMessage().setBody(message);
    }

    @Override
    public void process(Exchange exchange) {
        StepMessage message = exchange.getMessage().getBody(StepMessage.class);
        ExperimentRequest.Step step = message.step();
        String id = message.experimentId();
        String key = ProcessedIds.step(id, message.stepIndex());
        if (processed.contains(key)) {
            LOG.infof("step %s of %s is already done; skipped", step.id(), id);
            return;
        }
        MDC.put("experimentId", id);
        try {
            events.progress(new EventData.Started(
                    id,
                    step.id(),
                    step.type(),
                    message.stepIndex(),
                    message.request().steps().size()));
            models.exclusive(() -> run(message));
        } finally {
            MDC.remove("experimentId");
        }
    }

    private void run(StepMessage message) {
        ExperimentRequest.Step step = message.step();
        LanguageModel model = models.forRequest(message.request());
        StepHandler handler = handlers.find(step.type()).orElseThrow();
        StepContext context = new StepContext(
                message,
                model,
                new FactInputs(message, model.tokenizer(), config.limits().maxPrompts()),
                progress(message.experimentId(), step.id()));
        if (handler instanceof ShardedStep sharded && sharded.shardSize(context) > 0) {
            shards.plan(sharded, context);
            return;
        }
        long start = System.nanoTime();
        StepOutput out = handler.run(context);
        long nanos = System.nanoTime() - start;
        Timer.builder("kn.step.duration")
                .tag("type", step.type())
                .register(metrics)
                .record(Duration.ofNanos(nanos));
        LOG.infof("step %s (%s) done in %.1f s", step.id(), step.type(), nanos / 1e9);
        completion.complete(message, model, out, nanos / 1e6); // also records the step as processed
        events.flush();
    }

    /** Progress events at most every tenth of the work, and at the end. */
    private ProgressListener progress(String id, String step) {
        int[] last = {0};
        return (done, total) -> {
            if (done == total || done - last[0] >= Math.max(1, total / 10)) {
                last[0] = done;
                events.progress(EventData.Progress.of(id, step, done, total));
            }
        };
    }
}
