package org.knlab.routes.report;

import com.fasterxml.jackson.databind.JsonNode;
import org.knlab.steps.StepType;

/**
 * A step type's part of the experiment report. To give a new step type its section, add one
 * {@code @ApplicationScoped} class implementing this (see {@link ProbeSection}, the smallest): the
 * report finds it by {@link #stepType()}. A step type without one gets its per-relation table
 * ({@code RelationTables}) or its output as JSON.
 */
public interface ReportSection {

    StepType stepType();

    /** HTML (tables, {@link Svg} charts) for one step's output. */
    String render(JsonNode output);

    static double percent(JsonNode v) {
        return v.isNumber() ? 100 * v.asDouble() : Double.NaN;
    }
}
