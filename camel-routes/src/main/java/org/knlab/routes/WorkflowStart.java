package org.knlab.routes;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.knlab.schemas.EventData;
import org.knlab.schemas.ExperimentRequest;
import org.knlab.schemas.StepMessage;

/**
 * Accepts a valid request: an {@code accepted} event, then its first step on kn.steps, and its id
 * recorded as taken ({@link RequestIntake} ignores a repeated one).
 */
@ApplicationScoped
public class WorkflowStart implements Processor {

    private final EventPublisher events;
    private final ProcessedIds processed;

    private final ModelRegistry models;

    WorkflowStart(EventPublisher events, ProcessedIds processed, ModelRegistry models) {
        this.events = events;
        this.processed = processed;
        this.models = models;
    }

    private static com.fasterxml.jackson.databind.JsonNode asSent(byte[] original) {
        try {
            return Json.MAPPER.readTree(original);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a validated request no longer parses", e);
        }
    }

    @Override
    public void process(Exchange exchange) {
        ExperimentRequest request = exchange.getMessage().getBody(ExperimentRequest.class);
        // The request as sent (with what the typed request drops, e.g. alert overrides): the store keeps it.
        events.progress(new EventData.Accepted(
                request.experimentId(),
                models.idFor(request),
                request.steps().stream().map(ExperimentRequest.Step::id).toList(),
                request.steps().stream().map(ExperimentRequest.Step::type).toList(),
                asSent(exchange.getProperty(Rejections.ORIGINAL, byte[].class))));
        events.step(new StepMessage(
                request.experimentId(),
                request,
                0,
                Json.MAPPER.createObjectNode(),
                Instant.now().toString(),
                exchange.getProperty(Rejections.ORIGINAL, byte[].class)));
        processed.add(ProcessedIds.request(request.experimentId()));
        events.flush();
    }
}
