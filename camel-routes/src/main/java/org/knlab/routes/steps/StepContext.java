package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.knlab.experiments.ProgressListener;
import org.knlab.nn.BertModel;
import org.knlab.errors.InvalidParameterException;
import org.knlab.schemas.ExperimentRequest;
import org.knlab.schemas.StepMessage;

/** Everything a step needs: its message (request + earlier outputs), the model, its facts, progress. */
public record StepContext(StepMessage message, BertModel model, FactInputs facts, ProgressListener progress) {

    public ExperimentRequest.Step step() {
        return message.step();
    }

    /** A parameter of the step, or its default. */
    public int intParam(String name, int defaultValue, int min, int max) {
        JsonNode v = param(name);
        if (v == null) {
            return defaultValue;
        }
        if (!v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw invalid(name, name + " must be an integer in [" + min + ", " + max + "], got " + v);
        }
        return v.asInt();
    }

    public double doubleParam(String name, double defaultValue, double min, double max) {
        JsonNode v = param(name);
        if (v == null) {
            return defaultValue;
        }
        if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
            throw invalid(name, name + " must be a number in [" + min + ", " + max + "], got " + v);
        }
        return v.asDouble();
    }

    public String stringParam(String name, String defaultValue) {
        JsonNode v = param(name);
        if (v == null) {
            return defaultValue;
        }
        if (!v.isTextual()) {
            throw invalid(name, name + " must be a string, got " + v);
        }
        return v.asText();
    }

    /** A parameter given as an array of strings, or its default. */
    public List<String> stringListParam(String name, List<String> defaultValue) {
        JsonNode v = param(name);
        if (v == null) {
            return defaultValue;
        }
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(e -> out.add(e.isTextual() ? e.asText() : null));
        }
        if (!v.isArray() || v.isEmpty() || out.contains(null)) {
            throw invalid(name, name + " must be a non-empty array of strings, got " + v);
        }
        return out;
    }

    public boolean booleanParam(String name, boolean defaultValue) {
        JsonNode v = param(name);
        if (v == null) {
            return defaultValue;
        }
        if (!v.isBoolean()) {
            throw invalid(name, name + " must be true or false, got " + v);
        }
        return v.asBoolean();
    }

    private JsonNode param(String name) {
        JsonNode params = step().params();
        return params == null ? null : params.get(name);
    }

    /** An error naming the parameter (relative to this step's params; the routes place it in the request). */
    public InvalidParameterException invalid(String name, String message) {
        return new InvalidParameterException(name, message);
    }
}
