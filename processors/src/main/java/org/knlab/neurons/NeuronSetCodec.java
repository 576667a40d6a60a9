package org.knlab.neurons;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knlab.attribution.KnowledgeNeuron;
import org.knlab.attribution.Neuron;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.errors.InvalidParameterException;
import org.knlab.nn.LanguageModel;
import org.knlab.nn.ModelShape;

/**
 * The one JSON form of {@link NeuronSets} ({@code schemas/json/neuron-sets.schema.json}):
 * <pre>
 * {"format": "kn-lab/neuron-sets", "version": 1, "provenance": {...}, "skippedFacts": [...],
 *  "sets": [{"uuid", "relation", "object", "neurons": [{"layer", "index", "prompts", "meanScore"}],
 *            "selectionPrompts", "heldOutPrompts", "promptShare"}]}
 * </pre>
 * and the reader of EleutherAI's published format, {@code {uuid: [[layer, neuron], ...]}} (0-based
 * layer and index into the FFN intermediate), bare or wrapped as {@code {"format": "eleutherai",
 * "model": ID, "neurons": {...}}}; their sets were found on bert-base-uncased unless the wrapper says
 * otherwise. Reading checks every neuron against the model's shape and names the one that does not
 * fit; facts kn-lab's ParaRel does not have are skipped and listed in {@code skippedFacts}.
 */
public final class NeuronSetCodec {

    public static final String FORMAT = "kn-lab/neuron-sets";
    public static final int VERSION = 1;
    public static final String ELEUTHERAI_MODEL = "bert-base-uncased";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ParaRel pararel;
    private final ModelShape shape;
    private final String modelId;

    /**
     * @param shape   the model the sets will act on: neurons must fit its layers and width
     * @param modelId its id, named in errors
     */
    public NeuronSetCodec(ParaRel pararel, ModelShape shape, String modelId) {
        this.pararel = pararel;
        this.shape = shape;
        this.modelId = modelId;
    }

    public static ObjectNode write(NeuronSets sets) {
        ObjectNode out = MAPPER.createObjectNode().put("format", FORMAT).put("version", VERSION);
        out.set("provenance", MAPPER.valueToTree(sets.provenance()));
        out.set("skippedFacts", MAPPER.valueToTree(sets.skippedFacts()));
        ArrayNode array = out.putArray("sets");
        for (NeuronSet s : sets.sets()) {
            ObjectNode o = array.addObject()
                    .put("uuid", s.uuid())
                    .put("relation", s.relation())
                    .put("object", s.object());
            o.set("neurons", MAPPER.valueToTree(s.neurons()));
            o.set("selectionPrompts", MAPPER.valueToTree(s.selectionPrompts()));
            o.set("heldOutPrompts", MAPPER.valueToTree(s.heldOutPrompts()));
            o.set("promptShare", MAPPER.valueToTree(s.promptShare()));
        }
        return out;
    }

    /** A codec for sets that act on this model. */
    public static NeuronSetCodec forModel(ParaRel pararel, LanguageModel model) {
        return new NeuronSetCodec(pararel, model.config(), model.identity().id());
    }

    /** Reads either format; {@code field} is where the JSON sits (e.g. {@code neurons}), for errors. */
    public NeuronSets read(JsonNode json, String field) {
        if (json == null || !json.isObject()) {
            throw new InvalidParameterException(
                    field,
                    field + " must be a JSON object: kn-lab neuron sets or EleutherAI's"
                            + " {uuid: [[layer, neuron], ...]}");
        }
        String format = json.path("format").asText("");
        if (format.equals(FORMAT)) {
            return readKnLab(json, field);
        }
        if (!json.has("format")
                && json.path("sets").isArray()
                && json.path("provenance").isObject()) {
            // kn-lab's sets as results written them before the format and version were added: version 1
            ObjectNode versioned =
                    ((ObjectNode) json.deepCopy()).put("format", FORMAT).put("version", VERSION);
            return readKnLab(versioned, field);
        }
        if (format.equals(Provenance.ELEUTHERAI)) {
            return readEleutherAi(
                    json.path("neurons"), json.path("model").asText(ELEUTHERAI_MODEL), field + ".neurons");
        }
        if (json.has("format")) {
            throw new InvalidParameterException(
                    field + ".format",
                    "unknown neuron-set format '" + format + "'; use " + FORMAT + " or " + Provenance.ELEUTHERAI);
        }
        return readEleutherAi(json, ELEUTHERAI_MODEL, field);
    }

    private NeuronSets readKnLab(JsonNode json, String field) {
        if (json.path("version").asInt(-1) != VERSION) {
            throw new InvalidParameterException(
                    field + ".version",
                    "neuron sets of version " + json.path("version") + " cannot be read; this kn-lab reads version "
                            + VERSION);
        }
        Provenance provenance;
        try {
            provenance = MAPPER.treeToValue(json.path("provenance"), Provenance.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidParameterException(
                    field + ".provenance", "unreadable provenance: " + e.getOriginalMessage());
        }
        provenance = provenance == null ? new Provenance(Provenance.INLINE, null, null, null, null, null) : provenance;
        List<NeuronSet> sets = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        json.path("skippedFacts").forEach(u -> skipped.add(u.asText()));
        JsonNode array = json.path("sets");
        if (!array.isArray()) {
            throw new InvalidParameterException(field + ".sets", "sets must be an array");
        }
        for (int i = 0; i < array.size(); i++) {
            String at = field + ".sets[" + i + "]";
            JsonNode s = array.get(i);
            String uuid = text(s, "uuid", at);
            List<KnowledgeNeuron> neurons = new ArrayList<>();
            JsonNode ns = s.path("neurons");
            if (!ns.isArray()) {
                throw new InvalidParameterException(at + ".neurons", "neurons must be an array");
            }
            for (int j = 0; j < ns.size(); j++) {
                JsonNode n = ns.get(j);
                String nat = at + ".neurons[" + j + "]";
                Neuron place = fit(n.path("layer"), n.path("index"), nat);
                neurons.add(new KnowledgeNeuron(
                        place.layer(),
                        place.index(),
                        n.path("prompts").isNumber() ? n.path("prompts").asInt() : null,
                        n.path("meanScore").isNumber() ? n.path("meanScore").asDouble() : null));
            }
            Optional<Fact> fact = pararel.fact(uuid);
            if (fact.isEmpty()) {
                skipped.add(uuid);
                continue;
            }
            int prompts = pararel.prompts(fact.get()).size();
            sets.add(new NeuronSet(
                    uuid,
                    text(s, "relation", at),
                    text(s, "object", at),
                    neurons,
                    ints(s.path("selectionPrompts"), prompts, at + ".selectionPrompts"),
                    ints(s.path("heldOutPrompts"), prompts, at + ".heldOutPrompts"),
                    s.path("promptShare").isNumber() ? s.path("promptShare").asDouble() : null));
        }
        return new NeuronSets(provenance, sets, skipped);
    }

    private NeuronSets readEleutherAi(JsonNode byUuid, String foundOn, String field) {
        if (!byUuid.isObject()) {
            throw new InvalidParameterException(
                    field, "EleutherAI neuron sets must be an object {uuid: [[layer, neuron], ...]}");
        }
        Provenance provenance = new Provenance(Provenance.ELEUTHERAI, "ig", null, foundOn, null, null);
        List<NeuronSet> sets = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) byUuid::fields) {
            String at = field + "." + e.getKey();
            if (!e.getValue().isArray()) {
                throw new InvalidParameterException(
                        at,
                        "expected [[layer, neuron], ...], got " + e.getValue().getNodeType());
            }
            List<KnowledgeNeuron> neurons = new ArrayList<>();
            for (int j = 0; j < e.getValue().size(); j++) {
                JsonNode pair = e.getValue().get(j);
                if (!pair.isArray() || pair.size() != 2) {
                    throw new InvalidParameterException(at + "[" + j + "]", "expected [layer, neuron], got " + pair);
                }
                Neuron place = fit(pair.get(0), pair.get(1), at + "[" + j + "]");
                neurons.add(KnowledgeNeuron.at(place.layer(), place.index()));
            }
            Optional<Fact> fact = pararel.fact(e.getKey());
            if (fact.isEmpty()) {
                skipped.add(e.getKey());
                continue;
            }
            sets.add(new NeuronSet(e.getKey(), fact.get().relation(), fact.get().object(), neurons, null, null, null));
        }
        return new NeuronSets(provenance, sets, skipped);
    }

    /** The neuron at (layer, index), or a clear error if it is not one of the model's. */
    private Neuron fit(JsonNode layer, JsonNode index, String at) {
        if (!layer.canConvertToInt()
                || !index.canConvertToInt()
                || !layer.isIntegralNumber()
                || !index.isIntegralNumber()) {
            throw new InvalidParameterException(
                    at, "a neuron is [layer, index] with integers, got " + layer + ", " + index);
        }
        int l = layer.asInt();
        int i = index.asInt();
        if (l < 0 || l >= shape.numLayers() || i < 0 || i >= shape.intermediateSize()) {
            throw new InvalidParameterException(
                    at,
                    "neuron [" + l + ", " + i + "] is not in " + modelId + ", which has "
                            + shape.numLayers() + " layers (0-" + (shape.numLayers() - 1) + ") of "
                            + shape.intermediateSize()
                            + " FFN neurons (0-" + (shape.intermediateSize() - 1) + ")");
        }
        return new Neuron(l, i);
    }

    private static String text(JsonNode node, String name, String at) {
        JsonNode v = node.path(name);
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw new InvalidParameterException(at + "." + name, name + " must be a non-empty string");
        }
        return v.asText();
    }

    /** Indices into the fact's {@code prompts} prompts, or null when absent. */
    private static List<Integer> ints(JsonNode array, int prompts, String at) {
        if (array.isMissingNode() || array.isNull()) {
            return null;
        }
        if (!array.isArray()) {
            throw new InvalidParameterException(at, "expected an array of prompt indices");
        }
        List<Integer> out = new ArrayList<>();
        for (JsonNode i : array) {
            if (!i.canConvertToInt() || !i.isIntegralNumber() || i.asInt() < 0 || i.asInt() >= prompts) {
                throw new InvalidParameterException(
                        at, "prompt indices are integers in [0, " + prompts + ") for this fact, got " + i);
            }
            out.add(i.asInt());
        }
        return out;
    }
}
