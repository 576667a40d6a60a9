package org.knlab.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.knlab.schemas.EventType;
import org.knlab.schemas.ExperimentRequest;
import org.knlab.schemas.StepMessage;

/** Accepts a valid request: an {@code accepted} event, then its first step on kn.steps. */
@ApplicationScoped
public class WorkflowStart implements Processor {

    private final EventPublisher events;

    WorkflowStart(EventPublisher events) {
        this.events = events;
    }

    @Override
    public void process(Exchange exchange) {
        ExperimentRequest request = exchange.getMessage().getBody(ExperimentRequest.class);
        ObjectNode accepted = Json.MAPPER.createObjectNode()
                .put("experimentId", request.experimentId())
                .put("model", request.modelOrDefault());
        request.steps().forEach(s -> accepted.withArray("steps").add(s.id()));
        events.progress(EventType.ACCEPTED, request.experimentId(), accepted);
        events.step(new StepMessage(request.experimentId(), request, 0, Json.MAPPER.createObjectNode(),
                Instant.now().toString()));
        events.flush();
    }
}
