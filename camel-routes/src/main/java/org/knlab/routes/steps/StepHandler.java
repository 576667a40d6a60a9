package org.knlab.routes.steps;

import org.knlab.steps.StepType;

/** One step type of the platform: a thin adapter from JSON parameters to the processors library. */
public interface StepHandler {

    /** The step type this handles (its name is what requests use in {@code steps[].type}). */
    StepType type();

    StepOutput run(StepContext context);
}
