package org.knlab.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** An experiment as a user submits it; see {@code experiment-request.schema.json}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExperimentRequest(
        String experimentId, String model, String neuronHook, Long seed, FactSelection facts, List<Step> steps) {

    public static final long DEFAULT_SEED = 0;

    public long seedOrDefault() {
        return seed == null ? DEFAULT_SEED : seed;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FactSelection(List<String> relations, List<String> uuids, Sample sample, List<Prompt> prompts) {}

    public record Sample(int size, boolean perRelation) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Prompt(String text, String gold) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(String id, String type, JsonNode params, Input input) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Input(String fromStep, String select, Double minAccuracy) {}
}
