package org.knlab.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.knlab.model.ModelIdentity;
import org.knlab.nn.EngineSettings;
import org.knlab.schemas.ExperimentRequest;

/** Builds the reproducibility record every result carries (see reproducibility.schema.json). */
public final class Reproducibility {

    private Reproducibility() {}

    public static ObjectNode of(ExperimentRequest request, ModelIdentity model, ObjectNode dataSelection,
            ObjectNode parameters) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.set("request", Json.MAPPER.valueToTree(request));
        r.putObject("model").put("id", model.id()).put("sha256", model.sha256()).put("source", model.source());
        r.put("seed", request.seedOrDefault());
        r.set("dataSelection", dataSelection);
        r.set("parameters", parameters);
        r.set("engine", Json.MAPPER.valueToTree(EngineSettings.applied().record()));
        r.put("codeVersion", CodeVersion.VALUE);
        return r;
    }
}
