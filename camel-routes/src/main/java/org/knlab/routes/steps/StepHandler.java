package org.knlab.routes.steps;

/** One step type of the platform: a thin adapter from JSON parameters to the processors library. */
public interface StepHandler {

    /** The name requests use in {@code steps[].type}. */
    String type();

    StepOutput run(StepContext context);
}
