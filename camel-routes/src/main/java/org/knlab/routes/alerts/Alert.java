package org.knlab.routes.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.knlab.routes.Json;

/** A rule that fired on a subject, with the numbers it saw. */
public record Alert(
        String rule, String subject, String experimentId, String severity, String message, ObjectNode evidence) {

    /** The same rule and subject always give the same event id: a replayed firing is a duplicate event. */
    public String eventId() {
        return UUID.nameUUIDFromBytes((rule + "\n" + subject).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** The data of its org.knlab.experiment.alert event. */
    public ObjectNode data() {
        ObjectNode d = Json.MAPPER
                .createObjectNode()
                .put("experimentId", experimentId)
                .put("rule", rule)
                .put("severity", severity)
                .put("message", message)
                .put("subject", subject);
        d.set("evidence", evidence);
        return d;
    }
}
