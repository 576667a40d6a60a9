package org.knlab.schemas;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One step of a workflow on {@code kn.steps}, carrying the workflow's whole state: the request and
 * the outputs of the steps completed so far (by step id), so any worker can run it.
 */
public record StepMessage(String experimentId, ExperimentRequest request, int stepIndex, ObjectNode outputs,
        String startedAt) {

    public ExperimentRequest.Step step() {
        return request.steps().get(stepIndex);
    }

    public boolean isLast() {
        return stepIndex == request.steps().size() - 1;
    }
}
