package org.knlab.routes.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.knlab.routes.EventPublisher;
import org.knlab.routes.Json;
import org.knlab.routes.KnConfig;
import org.knlab.routes.ops.QueueLag;
import org.knlab.routes.store.StoreQueries;
import org.knlab.routes.store.StoreWriter;

/**
 * Fires alerts: once per rule and subject (the alerts table's key decides, in the database every store
 * instance shares), as an org.knlab.experiment.alert event on kn.experiments.alerts and, if configured,
 * to a webhook. Runs where the store runs; the consumer-lag rule checks every
 * {@code kn.alerts.lag-check-interval} (30 s).
 */
@ApplicationScoped
public class AlertService {

    private static final Logger LOG = Logger.getLogger(AlertService.class);

    private final StoreWriter writer;
    private final StoreQueries queries;
    private final EventPublisher events;
    private final KnConfig config;
    private final QueueLag lag;
    private final AlertWebhook webhook;
    private final String externalUrl;
    private ScheduledExecutorService timer;

    AlertService(
            StoreWriter writer,
            StoreQueries queries,
            EventPublisher events,
            KnConfig config,
            QueueLag lag,
            @ConfigProperty(name = "quarkus.http.host", defaultValue = "localhost") String host,
            @ConfigProperty(name = "quarkus.http.port") int port) {
        this.writer = writer;
        this.queries = queries;
        this.events = events;
        this.config = config;
        this.lag = lag;
        this.webhook = config.alerts().webhookUrl().map(AlertWebhook::new).orElse(null);
        this.externalUrl = "http://" + host + ":" + port;
    }

    void start(@Observes StartupEvent event) {
        if (config.runs("store")) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "kn-alerts-lag"));
            long every = config.alerts().lagCheckInterval().toMillis();
            timer.scheduleWithFixedDelay(this::checkLag, every, every, TimeUnit.MILLISECONDS);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** The rules on one newly stored event, with its experiment's thresholds. */
    public void onEvent(JsonNode event) {
        String exp = event.path("subject").asText();
        JsonNode overrides = queries.request(exp).map(r -> r.path("alerts")).orElse(Json.MAPPER.missingNode());
        AlertRules.evaluate(event, Thresholds.of(config.alerts(), overrides)).forEach(this::fire);
    }

    /** DLQ rate: more than dlq-max dead letters in the current dlq-window (one alert per window). */
    public void onDeadLetter(long receivedAt) {
        long window = config.alerts().dlqWindow().toMillis();
        long start = receivedAt - receivedAt % window;
        long count = queries.deadLettersSince(start);
        if (count > config.alerts().dlqMax() && enabled(AlertRules.DLQ_RATE)) {
            fire(new Alert(
                    AlertRules.DLQ_RATE,
                    "dlq/" + Instant.ofEpochMilli(start),
                    "kn-lab",
                    "warning",
                    String.format(
                            Locale.ROOT,
                            "%d dead letters since %s (bound %d per %s)",
                            count,
                            Instant.ofEpochMilli(start),
                            config.alerts().dlqMax(),
                            config.alerts().dlqWindow()),
                    AlertRules.evidence()
                            .put("deadLetters", count)
                            .put("bound", config.alerts().dlqMax())
                            .put("windowStart", Instant.ofEpochMilli(start).toString())));
        }
    }

    /**
     * Consumer lag: a queue (the intake's requests, the workers' steps) more than max-lag records
     * behind; one alert per queue and hour. The timer calls this every lag-check-interval.
     */
    public void checkLag() {
        if (!enabled(AlertRules.LAG)) {
            return; // no Kafka admin calls for a rule that is off
        }
        for (QueueLag.Queue q : lag.queues()) {
            double behind = lag.lag(q);
            if (behind > config.alerts().maxLag()) {
                long hour = System.currentTimeMillis() / 3_600_000 * 3_600_000;
                fire(new Alert(
                        AlertRules.LAG,
                        q.group() + "/" + q.topic() + "/" + Instant.ofEpochMilli(hour),
                        "kn-lab",
                        "warning",
                        String.format(
                                Locale.ROOT,
                                "%.0f %s records waiting for %s (bound %d)",
                                behind,
                                q.topic(),
                                q.group(),
                                config.alerts().maxLag()),
                        AlertRules.evidence()
                                .put("lag", behind)
                                .put("bound", config.alerts().maxLag())
                                .put("group", q.group())
                                .put("topic", q.topic())));
            }
        }
    }

    private boolean enabled(String rule) {
        return config.alerts().disabled().map(d -> !d.contains(rule)).orElse(true);
    }

    /** Claims the rule+subject in the store; only the claimant publishes and calls the webhook. */
    public void fire(Alert alert) {
        Instant now = Instant.now();
        if (!writer.alert(
                alert.rule(),
                alert.subject(),
                alert.experimentId(),
                alert.severity(),
                alert.message(),
                alert.evidence(),
                now.toEpochMilli(),
                alert.eventId())) {
            return;
        }
        LOG.warnf("alert %s on %s: %s", alert.rule(), alert.subject(), alert.message());
        events.alert(alert.eventId(), alert.data());
        events.flush();
        if (webhook != null) {
            webhook.post(alert, now, externalUrl);
        }
    }
}
