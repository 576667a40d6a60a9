package org.knlab.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.knlab.experiments.ProgressListener;
import org.knlab.nn.BertModel;
import org.knlab.routes.steps.FactInputs;
import org.knlab.routes.steps.StepContext;
import org.knlab.routes.steps.StepHandlers;
import org.knlab.routes.steps.StepOutput;
import org.knlab.schemas.EventType;
import org.knlab.schemas.ExperimentRequest;
import org.knlab.schemas.StepMessage;

/**
 * Runs one step message: {@code started}, throttled {@code progress}, the step through its handler,
 * {@code step.completed} and {@code step.result}; then either the next step's message or, after the
 * last step, {@code completed} and the final {@code result}.
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

    StepRunner(EventPublisher events, ModelRegistry models, StepHandlers handlers, KnConfig config, MeterRegistry metrics,
            ProcessedIds processed) {
        this.processed = processed;
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
            events.progress(EventType.STARTED, id, Json.MAPPER.createObjectNode().put("experimentId", id)
                    .put("step", step.id()).put("stepType", step.type()).put("stepIndex", message.stepIndex())
                    .put("stepCount", message.request().steps().size()));
            BertModel model = models.get(models.idFor(message.request()));
            long start = System.nanoTime();
            StepOutput out = handlers.find(step.type()).orElseThrow().run(new StepContext(message, model,
                    new FactInputs(message, model.tokenizer(), config.limits().maxPrompts()), progress(id, step.id())));
            long nanos = System.nanoTime() - start;
            Timer.builder("kn.step.duration").tag("type", step.type()).register(metrics).record(Duration.ofNanos(nanos));
            LOG.infof("step %s (%s) done in %.1f s", step.id(), step.type(), nanos / 1e9);
            completeStep(message, model, out, nanos / 1e6);
            processed.add(key); // written in the same flush as the step's events
            events.flush();
        } finally {
            MDC.remove("experimentId");
        }
    }

    private void completeStep(StepMessage message, BertModel model, StepOutput out, double millis) {
        String id = message.experimentId();
        ExperimentRequest.Step step = message.step();
        events.progress(EventType.STEP_COMPLETED, id, Json.MAPPER.createObjectNode().put("experimentId", id)
                .put("step", step.id()).put("stepType", step.type()).put("stepIndex", message.stepIndex())
                .put("durationMs", millis).set("summary", out.summary()));
        ObjectNode stepResult = Json.MAPPER.createObjectNode().put("experimentId", id).put("step", step.id())
                .put("stepType", step.type());
        stepResult.set("output", out.output());
        stepResult.set("reproducibility", Reproducibility.of(message.request(), model.identity(), out.dataSelection(),
                out.parameters()));
        events.result(EventType.STEP_RESULT, id, stepResult);

        ObjectNode output = out.output().deepCopy();
        output.set("parameters", out.parameters());
        output.set("dataSelection", out.dataSelection());
        ObjectNode outputs = message.outputs().deepCopy();
        outputs.set(step.id(), output);
        if (message.isLast()) {
            finish(message, model, outputs);
        } else {
            events.step(message.next(outputs));
        }
    }

    private void finish(StepMessage message, BertModel model, ObjectNode outputs) {
        String id = message.experimentId();
        ObjectNode parameters = Json.MAPPER.createObjectNode();
        ObjectNode selection = outputs.path(message.request().steps().get(0).id()).path("dataSelection").deepCopy();
        ObjectNode perStep = selection.putObject("steps");
        outputs.fields().forEachRemaining(e -> {
            parameters.set(e.getKey(), e.getValue().path("parameters"));
            perStep.set(e.getKey(), e.getValue().path("dataSelection"));
        });
        double millis = Duration.between(Instant.parse(message.startedAt()), Instant.now()).toMillis();
        ObjectNode completed = Json.MAPPER.createObjectNode().put("experimentId", id).put("durationMs", millis);
        message.request().steps().forEach(s -> completed.withArray("steps").add(s.id()));
        events.progress(EventType.COMPLETED, id, completed);
        ObjectNode result = Json.MAPPER.createObjectNode().put("experimentId", id);
        result.set("outputs", outputs);
        result.set("reproducibility", Reproducibility.of(message.request(), model.identity(), selection, parameters));
        events.result(EventType.RESULT, id, result);
        metrics.counter("kn.experiments", "type", workflowType(message.request()), "outcome", "completed").increment();
    }

    static String workflowType(ExperimentRequest request) {
        return String.join(">", request.steps().stream().map(ExperimentRequest.Step::type).toList());
    }

    /** Progress events at most every tenth of the work, and at the end. */
    private ProgressListener progress(String id, String step) {
        int[] last = {0};
        return (done, total) -> {
            if (done == total || done - last[0] >= Math.max(1, total / 10)) {
                last[0] = done;
                events.progress(EventType.PROGRESS, id, Json.MAPPER.createObjectNode().put("experimentId", id)
                        .put("step", step).put("done", done).put("total", total).put("unit", "items"));
            }
        };
    }
}
