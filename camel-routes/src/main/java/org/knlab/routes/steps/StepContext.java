package org.knlab.routes.steps;

import org.knlab.errors.InvalidInputException;
import org.knlab.experiments.ProgressListener;
import org.knlab.nn.BertModel;
import org.knlab.routes.RejectedMessageException;
import org.knlab.schemas.ExperimentRequest;
import org.knlab.schemas.StepMessage;
import org.knlab.settings.StepParams;

/** Everything a step needs: its message (request + earlier outputs), the model, its facts, progress. */
public record StepContext(StepMessage message, BertModel model, FactInputs facts, ProgressListener progress) {

    public ExperimentRequest.Step step() {
        return message.step();
    }

    /**
     * The step's settings record read from its {@code params}: the one contract the step shares with
     * its CLI command (defaults, bounds, validation live in the record).
     */
    public <T extends Record> T settings(Class<T> type) {
        try {
            return StepParams.read(step().params(), type);
        } catch (InvalidInputException e) {
            throw invalid(e.field(), e.getMessage());
        }
    }

    /** An error naming the parameter's place in the request. */
    public RejectedMessageException invalid(String name, String message) {
        String params = "$.steps[" + message().stepIndex() + "].params";
        return new RejectedMessageException("invalid-parameter", name.isEmpty() ? params : params + "." + name, message);
    }
}
