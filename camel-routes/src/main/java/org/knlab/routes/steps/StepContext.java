package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.JsonNode;
import org.knlab.experiments.ProgressListener;
import org.knlab.nn.BertModel;
import org.knlab.schemas.ExperimentRequest;
import org.knlab.schemas.StepMessage;

/** Everything a step needs: its message (request + earlier outputs), the model, its facts, progress. */
public record StepContext(StepMessage message, BertModel model, FactInputs facts, ProgressListener progress) {

    public ExperimentRequest.Step step() {
        return message.step();
    }

    /** A parameter of the step, or its default. */
    public int intParam(String name, int defaultValue, int min, int max) {
        JsonNode params = step().params();
        JsonNode v = params == null ? null : params.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (!v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw new org.knlab.routes.RejectedMessageException("invalid-parameter",
                    "$.steps[" + message.stepIndex() + "].params." + name,
                    name + " must be an integer in [" + min + ", " + max + "], got " + v);
        }
        return v.asInt();
    }
}
