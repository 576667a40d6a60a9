package org.knlab.routes.store;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.knlab.routes.EventPublisher;
import org.knlab.routes.Json;
import org.knlab.routes.KnConfig;
import org.knlab.routes.alerts.AlertService;
import org.knlab.routes.live.LiveFeed;
import org.knlab.routes.report.ReportPage;
import org.knlab.schemas.EventType;

/** One record of the store's topics: stored by kind (dead letter, row chunk, CloudEvent); new events feed the alert rules and the live page. */
@ApplicationScoped
public class StoreIntake implements Processor {

    /** After these the experiment's report is written to the results directory. */
    private static final Set<EventType> FINAL = EnumSet.of(EventType.RESULT, EventType.FAILED);

    private final StoreWriter writer;
    private final AlertService alerts;
    private final LiveFeed live;
    private final KnConfig.Topics topics;
    private final StoreQueries queries;
    private final ReportPage reports;

    StoreIntake(
            StoreWriter writer,
            AlertService alerts,
            LiveFeed live,
            KnConfig config,
            StoreQueries queries,
            ReportPage reports) {
        this.queries = queries;
        this.reports = reports;
        this.writer = writer;
        this.alerts = alerts;
        this.live = live;
        this.topics = config.topics();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message m = exchange.getMessage();
        String topic = m.getHeader(KafkaConstants.TOPIC, String.class);
        byte[] value = m.getBody(byte[].class);
        if (topic.equals(topics.dlq())) {
            long now = System.currentTimeMillis();
            if (writer.deadLetter(new StoreWriter.DeadLetter(
                    topic,
                    m.getHeader(KafkaConstants.PARTITION, Integer.class),
                    m.getHeader(KafkaConstants.OFFSET, Long.class),
                    m.getHeader(KafkaConstants.KEY, String.class),
                    header(m, EventPublisher.REASON_CODE),
                    header(m, EventPublisher.REASON_FIELD),
                    header(m, EventPublisher.REASON_MESSAGE),
                    header(m, EventPublisher.SOURCE_TOPIC),
                    value,
                    now))) {
                alerts.onDeadLetter(now);
            }
            return;
        }
        JsonNode json = Json.MAPPER.readTree(value);
        if (topic.equals(topics.rows())) {
            writer.rows(json);
        } else if (writer.event(topic, json)) {
            live.publish(json);
            alerts.onEvent(json);
            if (EventType.of(json.path("type").asText()).filter(FINAL::contains).isPresent()) {
                queries.experiment(json.path("subject").asText()).ifPresent(reports::write);
            }
        }
    }

    private static String header(Message m, String name) {
        Object v = m.getHeader(name);
        return v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v == null ? null : v.toString();
    }
}
