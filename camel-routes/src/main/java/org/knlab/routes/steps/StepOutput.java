package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a step produced: the full output (on the results topic, and carried to later steps), a
 * small summary (on the progress topic), the parameters it actually used, and the data it ran on.
 */
public record StepOutput(ObjectNode output, ObjectNode summary, ObjectNode parameters, ObjectNode dataSelection) {}
