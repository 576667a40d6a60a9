package org.knlab.routes;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.jboss.logging.Logger;
import org.knlab.errors.KnException;
import org.knlab.schemas.EventData;

/**
 * The failure path of every route: whatever went wrong becomes a {@code failed} event (on the
 * progress and results topics) naming the code, field and reason, and the original message goes to
 * the dead-letter topic with the reason in its headers. Nothing is lost; the consumer carries on.
 */
@ApplicationScoped
public class Rejections implements Processor {

    public static final String ORIGINAL = "knOriginal";
    public static final String SOURCE_TOPIC = "knSourceTopic";
    public static final String STEP = "knStep";
    public static final String STEP_INDEX = "knStepIndex";
    private static final Logger LOG = Logger.getLogger(Rejections.class);

    private final EventPublisher events;
    private final MeterRegistry metrics;
    private final ProcessedIds processed;

    Rejections(EventPublisher events, MeterRegistry metrics, ProcessedIds processed) {
        this.events = events;
        this.metrics = metrics;
        this.processed = processed;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String id = exchange.getProperty(RequestIntake.EXPERIMENT_ID, "unknown", String.class);
        String step = exchange.getProperty(STEP, String.class);
        KnException known = error instanceof KnException k ? k : null;
        String code = known != null ? known.code() : step == null ? "unreadable-message" : "step-error";
        String field = known == null
                ? null
                : FieldPath.absolute(known.field(), exchange.getProperty(STEP_INDEX, Integer.class));
        String message = known != null
                ? known.getMessage()
                : error == null ? "unknown error" : error.getClass().getSimpleName() + ": " + error.getMessage();
        LOG.warnf(
                "experiment %s rejected (%s at %s): %s",
                id, code, UntrustedText.forLog(String.valueOf(field)), UntrustedText.forLog(message));

        EventData.Failed failed = new EventData.Failed(id, step, new EventData.Reason(code, message, field));
        events.progress(failed);
        events.result(failed);
        byte[] original = exchange.getProperty(ORIGINAL, byte[].class);
        events.deadLetter(
                original == null ? new byte[0] : original,
                id,
                exchange.getProperty(SOURCE_TOPIC, "", String.class),
                code,
                field,
                message);
        if (step != null) {
            // An accepted experiment failed in a step or shard: its other shards and joins do nothing more.
            // (A rejected request does not take its id, so only step failures are recorded.)
            processed.add(ProcessedIds.failed(id));
        }
        events.flush();
        metrics.counter("kn.experiments", "type", step == null ? "request" : "step", "outcome", "failed")
                .increment();
    }
}
