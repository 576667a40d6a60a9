package org.knlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.attribution.KnowledgeNeuron;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.errors.InvalidInputException;
import org.knlab.model.BertConfig;
import org.knlab.neurons.NeuronSet;
import org.knlab.neurons.NeuronSetCodec;
import org.knlab.neurons.NeuronSets;
import org.knlab.neurons.Provenance;

/** One run's result, as its --json wrote it, is the next run's --neurons: whole, or at a JSON Pointer. */
class NeuronSetsFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BertConfig BASE = new BertConfig(28996, 768, 12, 12, 3072, 512, 2, 1e-12);

    @TempDir
    Path dir;

    private final ParaRel pararel = ParaRel.load();
    private final Fact fact = pararel.facts("P36").get(0);
    private final NeuronSets sets = new NeuronSets(
            new Provenance(
                    Provenance.FOUND,
                    "ig",
                    JSON.createObjectNode(),
                    "bert-base-cased",
                    "ab".repeat(32),
                    JSON.createObjectNode()),
            List.of(new NeuronSet(
                    fact.uuid(), fact.relation(), fact.object(), List.of(KnowledgeNeuron.at(9, 10)), null, null, null)),
            List.of());

    @Test
    void setsInsideAResultAreReadBackAtTheirPointer() throws Exception {
        Path result = dir.resolve("replication.json");
        // Any result holding the sets serializes them in the one neuron-set form (NeuronSets' @JsonValue).
        JSON.writeValue(result.toFile(), Map.of("neurons", Map.of("sets", sets), "figures", List.of()));
        assertEquals(NeuronSetCodec.write(sets), JSON.readTree(result.toFile()).at("/neurons/sets"));

        NeuronSets read = new NeuronSetCodec(pararel, BASE, "bert-base-cased")
                .read(NeuronSetsFile.read(result + "#/neurons/sets"), "neurons");
        assertEquals(sets, read);
        assertNull(NeuronSetsFile.read(null));
    }

    @Test
    void aPointerToNothingOrNoPointerIsAnErrorNamingTheOption() throws Exception {
        Path result = dir.resolve("r.json");
        Files.writeString(result, "{\"neurons\": {}}");
        InvalidInputException missing =
                assertThrows(InvalidInputException.class, () -> NeuronSetsFile.read(result + "#/neurons/sets"));
        assertEquals("--neurons", missing.field());
        assertTrue(missing.getMessage().contains("nothing at /neurons/sets"), missing.getMessage());
        InvalidInputException bad =
                assertThrows(InvalidInputException.class, () -> NeuronSetsFile.read(result + "#neurons"));
        assertEquals("--neurons", bad.field());
    }
}
