package org.knlab.schemas;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One step of a workflow on {@code kn.steps}, carrying the workflow's whole state: the request and
 * the outputs of the steps completed so far (by step id), so any worker can run it. It also carries
 * the request record's value exactly as submitted ({@code originalRequest}, base64 in JSON), so that
 * a failing step puts the very bytes the user sent on the dead-letter topic.
 */
public record StepMessage(
        String experimentId,
        ExperimentRequest request,
        int stepIndex,
        ObjectNode outputs,
        String startedAt,
        byte[] originalRequest) {

    public ExperimentRequest.Step step() {
        return request.steps().get(stepIndex);
    }

    public boolean isLast() {
        return stepIndex == request.steps().size() - 1;
    }

    /** The message of the following step, with the outputs so far. */
    public StepMessage next(ObjectNode outputsSoFar) {
        return new StepMessage(experimentId, request, stepIndex + 1, outputsSoFar, startedAt, originalRequest);
    }
}
