package org.knlab.routes.steps;

import org.knlab.experiments.ProgressListener;
import org.knlab.nn.LanguageModel;
import org.knlab.schemas.ExperimentRequest;
import org.knlab.schemas.StepMessage;
import org.knlab.settings.StepParams;

/** Everything a step needs: its message (request + earlier outputs), the model, its facts, progress. */
public record StepContext(StepMessage message, LanguageModel model, FactInputs facts, ProgressListener progress) {

    public ExperimentRequest.Step step() {
        return message.step();
    }

    /**
     * The step's settings record read from its {@code params}: the one contract the step shares with
     * its CLI command (defaults, bounds, validation live in the record; errors name the parameter).
     */
    public <T extends Record> T settings(Class<T> type) {
        return StepParams.read(step().params(), type);
    }
}
