package org.knlab.routes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.jboss.logging.Logger;
import org.knlab.errors.InvalidWorkflowException;
import org.knlab.errors.LimitExceededException;
import org.knlab.errors.MalformedJsonException;
import org.knlab.errors.SchemaViolationException;
import org.knlab.errors.UnknownStepTypeException;
import org.knlab.routes.steps.StepHandlers;
import org.knlab.schemas.ExperimentRequest;
import org.knlab.schemas.MessageValidator;
import org.knlab.schemas.Violation;

/**
 * Turns the raw bytes of a request into an {@link ExperimentRequest}, or rejects it naming the
 * field at fault: size limit, JSON syntax (exactly one JSON object, nothing after it), schema
 * (json-schema-validator), then the checks a schema cannot express (known step types and model,
 * step references, step count). An experiment id that was already accepted is recognised before
 * validation, so one id has one final outcome whatever is sent again under it.
 */
@ApplicationScoped
public class RequestIntake implements Processor {

    public static final String EXPERIMENT_ID = "knExperimentId";
    private static final Logger LOG = Logger.getLogger(RequestIntake.class);
    /** Content after the request (a second document, stray brackets) makes it malformed, not ignored. */
    private static final ObjectReader READER =
            Json.MAPPER.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final MessageValidator validator = new MessageValidator();
    private final KnConfig.Limits limits;
    private final StepHandlers handlers;
    private final ModelRegistry models;
    private final ProcessedIds processed;

    RequestIntake(KnConfig config, StepHandlers handlers, ModelRegistry models, ProcessedIds processed) {
        this.limits = config.limits();
        this.handlers = handlers;
        this.models = models;
        this.processed = processed;
    }

    @Override
    public void process(Exchange exchange) {
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        exchange.setProperty(EXPERIMENT_ID, "unknown");
        JsonNode json = readJson(raw);
        exchange.setProperty(EXPERIMENT_ID, UntrustedText.experimentId(json)); // a rejection names it, safely
        Optional<String> id = UntrustedText.validExperimentId(json);
        if (id.isPresent() && processed.contains(ProcessedIds.request(id.get()))) {
            LOG.infof("experiment %s was already accepted; this request is ignored", id.get());
            exchange.setRouteStop(true);
            return;
        }
        ExperimentRequest request = validate(json);
        exchange.getMessage().setHeader(EXPERIMENT_ID, request.experimentId());
        exchange.getMessage().setBody(request);
    }

    private JsonNode readJson(byte[] raw) {
        if (raw == null || raw.length == 0) {
            throw new MalformedJsonException("$", "the message is empty");
        }
        if (raw.length > limits.maxMessageBytes()) {
            throw new LimitExceededException(
                    "$",
                    "the message is " + raw.length + " bytes; the limit (kn.limits.max-message-bytes) is "
                            + limits.maxMessageBytes());
        }
        JsonNode json;
        try {
            json = READER.readValue(raw);
        } catch (JsonProcessingException e) {
            if (e instanceof MismatchedInputException && e.getOriginalMessage().startsWith("Trailing token")) {
                // FAIL_ON_TRAILING_TOKENS: a second value after the request (Jackson's message names its classes)
                throw new MalformedJsonException(
                        "$",
                        "not valid JSON: more than one JSON value in the message"
                                + " (content after the request at byte "
                                + e.getLocation().getByteOffset()
                                + "); send one request per record");
            }
            throw new MalformedJsonException("$", "not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new MalformedJsonException("$", "unreadable message: " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw new MalformedJsonException("$", "a request must be a JSON object");
        }
        return json;
    }

    private ExperimentRequest validate(JsonNode json) {
        List<Violation> violations = validator.validateRequest(json);
        if (!violations.isEmpty()) {
            // the deepest place is the one to fix: a bad value inside params also makes params "unevaluated"
            Violation deepest = violations.stream()
                    .max(Comparator.comparingInt(v -> v.field().length()))
                    .orElseThrow();
            throw new SchemaViolationException(
                    deepest.field(),
                    violations.stream()
                            .map(Violation::message)
                            .reduce((a, b) -> a + "; " + b)
                            .orElseThrow());
        }
        ExperimentRequest request = Json.MAPPER.convertValue(json, ExperimentRequest.class);
        checkSemantics(request);
        return request;
    }

    private void checkSemantics(ExperimentRequest request) {
        if (request.steps().size() > limits.maxSteps()) {
            throw new LimitExceededException(
                    "$.steps",
                    request.steps().size() + " steps; the limit (kn.limits.max-steps) is " + limits.maxSteps());
        }
        Set<String> earlier = new HashSet<>();
        for (int i = 0; i < request.steps().size(); i++) {
            ExperimentRequest.Step step = request.steps().get(i);
            String at = "$.steps[" + i + "]";
            if (!earlier.add(step.id())) {
                throw new InvalidWorkflowException(at + ".id", "step id '" + step.id() + "' is used twice");
            }
            if (handlers.find(step.type()).isEmpty()) {
                throw new UnknownStepTypeException(
                        at + ".type", "unknown step type '" + step.type() + "'; known types: " + handlers.types());
            }
            if (step.input() != null
                    && (!earlier.contains(step.input().fromStep())
                            || step.input().fromStep().equals(step.id()))) {
                throw new InvalidWorkflowException(
                        at + ".input.fromStep",
                        "step '" + step.id() + "' takes input from '"
                                + step.input().fromStep() + "', which is not an earlier step");
            }
        }
        models.checkExists(models.idFor(request));
    }
}
