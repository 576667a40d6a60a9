package org.knlab.routes.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.knlab.schemas.EventData;

/** A rule that fired on a subject, with the numbers it saw. */
public record Alert(
        String rule, String subject, String experimentId, String severity, String message, ObjectNode evidence) {

    /** The same rule and subject always give the same event id: a replayed firing is a duplicate event. */
    public String eventId() {
        return UUID.nameUUIDFromBytes((rule + "\n" + subject).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** The data of its org.knlab.experiment.alert event. */
    public EventData.Alert data() {
        return new EventData.Alert(experimentId, rule, severity, message, subject, evidence);
    }
}
