package org.knlab.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.knlab.model.ModelIdentity;
import org.knlab.nn.EngineSettings;
import org.knlab.nn.LanguageModel;
import org.knlab.nn.NeuronSite;
import org.knlab.schemas.ExperimentRequest;

/** Builds the reproducibility record every result carries (see reproducibility.schema.json). */
public final class Reproducibility {

    private Reproducibility() {}

    public static ObjectNode of(
            ExperimentRequest request, LanguageModel model, ObjectNode dataSelection, ObjectNode parameters) {
        ModelIdentity identity = model.identity();
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.set("request", Json.MAPPER.valueToTree(request));
        r.putObject("model")
                .put("id", identity.id())
                .put("sha256", identity.sha256())
                .put("source", identity.source())
                .put(NeuronSite.FIELD, model.neuronSite().hookName());
        r.put("seed", request.seedOrDefault());
        r.set("dataSelection", dataSelection);
        r.set("parameters", parameters);
        r.set("engine", Json.MAPPER.valueToTree(EngineSettings.applied().record()));
        r.put("codeVersion", CodeVersion.VALUE);
        return r;
    }
}
