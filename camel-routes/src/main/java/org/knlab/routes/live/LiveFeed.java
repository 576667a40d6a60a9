package org.knlab.routes.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import org.knlab.routes.Json;

/**
 * Newly stored events, compact, for the live page's server-sent events: type, experiment, step and
 * progress counts (never a step's whole output).
 */
@ApplicationScoped
public class LiveFeed {

    private final BroadcastProcessor<String> events = BroadcastProcessor.create();

    public void publish(JsonNode event) {
        JsonNode d = event.path("data");
        ObjectNode out = Json.MAPPER
                .createObjectNode()
                .put("type", event.path("type").asText().replace("org.knlab.experiment.", ""))
                .put("experimentId", event.path("subject").asText())
                .put("time", event.path("time").asText());
        for (String f : new String[] {"step", "stepType", "done", "total", "rule", "subject", "message", "severity"}) {
            if (d.has(f)) {
                out.set(f, d.get(f));
            }
        }
        if (d.has("reason")) {
            out.set("reason", d.get("reason"));
        }
        events.onNext(out.toString());
    }

    public Multi<String> stream() {
        // Bursts (a step's events arrive within milliseconds) wait for the page per subscriber.
        return events.onOverflow().buffer(4096);
    }
}
