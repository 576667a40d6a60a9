package org.knlab.neurons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knlab.attribution.KnowledgeNeuron;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.errors.InvalidInputException;
import org.knlab.model.BertConfig;
import org.knlab.model.ModelIdentity;
import org.knlab.nn.NeuronSite;

/** kn-lab's neuron-set format round trip, EleutherAI's format imported, and the errors a user can make. */
class NeuronSetCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BertConfig BASE = new BertConfig(28996, 768, 12, 12, 3072, 512, 2, 1e-12);

    private final ParaRel pararel = ParaRel.load();
    private final NeuronSetCodec codec = new NeuronSetCodec(pararel, BASE, "bert-base-cased");
    private final Fact fact = pararel.facts("P36").get(0);
    private final Fact other = pararel.facts("P103").get(0);

    @Test
    void knLabFormatRoundTripsExactly() {
        Provenance p = new Provenance(
                Provenance.FOUND,
                "ig",
                JSON.createObjectNode().put("steps", 20),
                "bert-base-cased",
                "ab".repeat(32),
                JSON.createObjectNode().put("facts", 2));
        NeuronSets sets = new NeuronSets(
                p,
                List.of(
                        new NeuronSet(
                                fact.uuid(),
                                fact.relation(),
                                fact.object(),
                                List.of(new KnowledgeNeuron(9, 10, 4, 0.25), KnowledgeNeuron.at(11, 3071)),
                                List.of(0, 2),
                                List.of(1),
                                0.7),
                        new NeuronSet(other.uuid(), other.relation(), other.object(), List.of(), null, null, null)),
                List.of("x"));
        JsonNode written = NeuronSetCodec.write(sets);
        assertEquals("kn-lab/neuron-sets", written.path("format").asText());
        NeuronSets read = codec.read(written, "neurons");
        assertEquals(sets, read);
        assertEquals(written, NeuronSetCodec.write(read));
        assertTrue(read.sets().get(0).hasHeldOutSplit());
        assertTrue(!read.sets().get(1).hasHeldOutSplit());
    }

    @Test
    void setsWrittenBeforeTheFormatFieldAreReadAsVersionOne() {
        // the published docs/results/replication-34x10 result holds its sets without format and version
        NeuronSets sets = new NeuronSets(
                new Provenance(Provenance.FOUND, "ig", null, "bert-base-cased", null, null),
                List.of(new NeuronSet(
                        fact.uuid(),
                        fact.relation(),
                        fact.object(),
                        List.of(KnowledgeNeuron.at(9, 10)),
                        List.of(0),
                        List.of(),
                        0.5)),
                List.of());
        ObjectNode old = NeuronSetCodec.write(sets);
        old.remove(List.of("format", "version"));
        assertEquals(NeuronSetCodec.write(sets), NeuronSetCodec.write(codec.read(old, "neurons")));
    }

    @Test
    void setsFoundAtAnotherNeuronSiteAreReadWithAWarning() {
        Provenance p = new Provenance(
                Provenance.FOUND,
                "ig",
                JSON.createObjectNode().put(NeuronSite.FIELD, "mlp.hook_pre"),
                "bert-base-cased",
                "00",
                null);
        NeuronSets sets = codec.read(
                NeuronSetCodec.write(new NeuronSets(
                        p,
                        List.of(new NeuronSet(
                                fact.uuid(),
                                fact.relation(),
                                fact.object(),
                                List.of(KnowledgeNeuron.at(9, 10)),
                                null,
                                null,
                                null)),
                        List.of())),
                "neurons");
        ModelIdentity running = new ModelIdentity("bert-base-cased", "00", "test");
        assertEquals(List.of(), sets.warnings(running, NeuronSite.PRE));
        assertEquals(
                List.of("the neuron sets were found at mlp.hook_pre but this experiment's neurons are"
                        + " mlp.hook_post (its neuronHook)"),
                sets.warnings(running, NeuronSite.POST));
    }

    @Test
    void eleutherAiFormatIsImportedWithUnknownFactsSkippedAndCounted() throws Exception {
        JsonNode file = JSON.readTree("{\"" + fact.uuid()
                + "\": [[9, 10], [11, 3071]], \"P1001-not-shipped\": [[0, 1]]," + " \"" + other.uuid() + "\": []}");
        NeuronSets sets = codec.read(file, "neurons");
        assertEquals(List.of(fact.uuid(), other.uuid()), sets.uuids());
        assertEquals(List.of("P1001-not-shipped"), sets.skippedFacts());
        assertEquals(Provenance.ELEUTHERAI, sets.provenance().source());
        assertEquals("bert-base-uncased", sets.provenance().model());
        NeuronSet first = sets.sets().get(0);
        assertEquals(fact.object(), first.object());
        assertEquals(List.of(KnowledgeNeuron.at(9, 10), KnowledgeNeuron.at(11, 3071)), first.neurons());
        assertNull(first.heldOutPrompts());
        List<String> warnings = sets.warnings(new ModelIdentity("bert-base-cased", "00", "test"), NeuronSite.POST);
        assertTrue(
                warnings.get(0).contains("found on bert-base-uncased but this experiment runs bert-base-cased"),
                warnings.toString());
        assertTrue(warnings.get(1).startsWith("1 fact(s)"), warnings.toString());

        NeuronSets wrapped = codec.read(
                JSON.readTree("{\"format\": \"eleutherai\", \"model\": \"bert-base-cased\"," + " \"neurons\": {\""
                        + fact.uuid() + "\": [[0, 0]]}}"),
                "neurons");
        assertEquals(List.of(), wrapped.warnings(new ModelIdentity("bert-base-cased", "00", "test"), NeuronSite.POST));
    }

    @Test
    void aNeuronOutsideTheModelIsAnErrorNamingIt() throws Exception {
        assertError(
                "neurons." + fact.uuid() + "[1]",
                "not in bert-base-cased, which has 12 layers",
                "{\"" + fact.uuid() + "\": [[9, 10], [12, 0]]}");
        assertError("neurons." + fact.uuid() + "[0]", "3072 FFN neurons", "{\"" + fact.uuid() + "\": [[0, 3072]]}");
        assertError("neurons." + fact.uuid() + "[0]", "[layer, neuron]", "{\"" + fact.uuid() + "\": [[0]]}");
        assertError("neurons." + fact.uuid() + "[0]", "integers", "{\"" + fact.uuid() + "\": [[0.5, 1]]}");
        assertError(
                "neurons.sets[0].neurons[0]",
                "-1",
                "{\"format\": \"kn-lab/neurons-sets\"}"
                        .replace("neurons-sets", "neuron-sets")
                        .replace(
                                "}",
                                ", \"version\": 1, \"sets\": [{\"uuid\": \"" + fact.uuid()
                                        + "\", \"relation\": \"P36\", \"object\": \"x\", \"neurons\": [{\"layer\": -1, \"index\": 0}]}]}"));
        assertError("neurons.version", "version 2", "{\"format\": \"kn-lab/neuron-sets\", \"version\": 2}");
        assertError("neurons.format", "unknown neuron-set format", "{\"format\": \"csv\"}");
        assertError("neurons", "JSON object", "[1, 2]");
    }

    private void assertError(String field, String inMessage, String json) throws Exception {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> codec.read(JSON.readTree(json), "neurons"), json);
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(inMessage), e.getMessage());
    }
}
