package org.knlab.neurons;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a neuron set came from: {@code source} ({@code knowledge-neurons} = found by kn-lab,
 * {@code eleutherai} = imported from EleutherAI's published format, {@code inline} = given by the
 * user in kn-lab's format), the attribution {@code method} and all {@code parameters}, the model it
 * was found on (id and SHA-256 of the weights, null when not known), and the data selection.
 */
public record Provenance(
        String source, String method, JsonNode parameters, String model, String modelSha256, JsonNode dataSelection) {

    public static final String FOUND = "knowledge-neurons";
    public static final String ELEUTHERAI = "eleutherai";
    public static final String INLINE = "inline";

    public Provenance withDataSelection(JsonNode selection) {
        return new Provenance(source, method, parameters, model, modelSha256, selection);
    }
}
