package org.knlab.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.knlab.nn.LanguageModel;
import org.knlab.routes.steps.StepOutput;
import org.knlab.schemas.EventData;
import org.knlab.schemas.ExperimentRequest;
import org.knlab.schemas.StepMessage;

/**
 * What happens when a step's output is ready, whether one worker ran it whole or the last join of
 * its shards produced it: {@code step.completed} and {@code step.result}; then either the next
 * step's message or, after the last step, {@code completed} and the final {@code result}; and the
 * step recorded as processed. The caller flushes.
 */
@ApplicationScoped
public class StepCompletion {

    private final EventPublisher events;
    private final MeterRegistry metrics;
    private final ProcessedIds processed;

    StepCompletion(EventPublisher events, MeterRegistry metrics, ProcessedIds processed) {
        this.events = events;
        this.metrics = metrics;
        this.processed = processed;
    }

    public void complete(StepMessage message, LanguageModel model, StepOutput out, double millis) {
        String id = message.experimentId();
        ExperimentRequest.Step step = message.step();
        events.progress(
                new EventData.StepCompleted(id, step.id(), step.type(), message.stepIndex(), millis, out.summary()));
        events.result(new EventData.StepResult(
                id,
                step.id(),
                step.type(),
                out.output(),
                Reproducibility.of(message.request(), model, out.dataSelection(), out.parameters())));

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
        processed.add(ProcessedIds.step(id, message.stepIndex())); // in the same flush as the step's events
    }

    private void finish(StepMessage message, LanguageModel model, ObjectNode outputs) {
        String id = message.experimentId();
        ObjectNode parameters = Json.MAPPER.createObjectNode();
        ObjectNode selection = outputs.path(message.request().steps().get(0).id())
                .path("dataSelection")
                .deepCopy();
        ObjectNode perStep = selection.putObject("steps");
        outputs.fields().forEachRemaining(e -> {
            parameters.set(e.getKey(), e.getValue().path("parameters"));
            perStep.set(e.getKey(), e.getValue().path("dataSelection"));
        });
        double millis = Duration.between(Instant.parse(message.startedAt()), Instant.now())
                .toMillis();
        events.progress(new EventData.Completed(
                id,
                message.request().steps().stream()
                        .map(ExperimentRequest.Step::id)
                        .toList(),
                millis));
        events.result(
                new EventData.Result(id, outputs, Reproducibility.of(message.request(), model, selection, parameters)));
        metrics.counter("kn.experiments", "type", workflowType(message.request()), "outcome", "completed")
                .increment();
    }

    static String workflowType(ExperimentRequest request) {
        return String.join(
                ">", request.steps().stream().map(ExperimentRequest.Step::type).toList());
    }
}
