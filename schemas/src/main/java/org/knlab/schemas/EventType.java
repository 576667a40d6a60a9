package org.knlab.schemas;

import java.util.Arrays;
import java.util.Optional;

/** The CloudEvent types kn-lab publishes, each with the schema of its data. */
public enum EventType {
    ACCEPTED("org.knlab.experiment.accepted", "accepted"),
    STARTED("org.knlab.experiment.started", "started"),
    PROGRESS("org.knlab.experiment.progress", "progress"),
    STEP_COMPLETED("org.knlab.experiment.step.completed", "stepCompleted"),
    STEP_RESULT("org.knlab.experiment.step.result", "stepResult"),
    COMPLETED("org.knlab.experiment.completed", "completed"),
    RESULT("org.knlab.experiment.result", "result"),
    FAILED("org.knlab.experiment.failed", "failed"),
    ALERT("org.knlab.experiment.alert", "alert");

    private final String type;
    private final String dataDefinition;

    EventType(String type, String dataDefinition) {
        this.type = type;
        this.dataDefinition = dataDefinition;
    }

    public String type() {
        return type;
    }

    /** Location of the data schema, relative to the schema base URI. */
    public String dataSchema() {
        return "events.schema.json#/$defs/" + dataDefinition;
    }

    public static Optional<EventType> of(String type) {
        return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
    }
}
