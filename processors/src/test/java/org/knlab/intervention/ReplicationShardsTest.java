package org.knlab.intervention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.attribution.AttributionMethod;
import org.knlab.attribution.AttributionSettings;
import org.knlab.attribution.KnowledgeNeuronFinder.FactScores;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.experiments.ProgressListener;
import org.knlab.neurons.NeuronSet;
import org.knlab.nn.BertModel;
import org.knlab.testing.TinyBert;
import org.knlab.testing.TinyModels;

/**
 * The replication as shards would run it — each fact's phases on its own, every intermediate sent
 * through JSON (as through Kafka), the shards finishing in any order — gives exactly the result of
 * one uninterrupted run with the same seed.
 */
class ReplicationShardsTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path store;

    @Test
    void factByFactThroughJsonEqualsOneRun() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(43), store)) {
            ParaRel pararel = ParaRel.load();
            List<Fact> facts = pararel.facts().stream()
                    .filter(f -> model.tokenizer().singleToken(f.object()).isPresent()
                            && pararel.prompts(f).size() > 3)
                    .limit(5)
                    .toList();
            ReplicationSettings s = new ReplicationSettings(
                    new AttributionSettings(AttributionMethod.IG, "fast", null, 2, null),
                    List.of(),
                    null,
                    3,
                    2,
                    2,
                    50,
                    64,
                    null,
                    null);
            long seed = 9;
            KnFiguresReplication replication = new KnFiguresReplication(model, pararel);
            KnFiguresReplication.Result whole = replication.run(facts, s, seed, ProgressListener.NONE);

            // Phase 1 fact by fact, in reverse order, each output through JSON; the join sees them in fact order.
            List<FactScores> scores = new ArrayList<>(Collections.nCopies(facts.size(), null));
            for (int i = facts.size() - 1; i >= 0; i--) {
                scores.set(i, roundTrip(replication.attribute(facts.get(i), s, seed), FactScores.class));
            }
            KnFiguresReplication.Neurons neurons = replication.neurons(scores, s, seed);
            assertEquals(s.dropoutFacts(), neurons.dropoutFacts().size());

            List<KnFiguresReplication.FactMeasurement> measured = new ArrayList<>();
            Set<String> dropout = new HashSet<>(neurons.dropoutFacts());
            for (NeuronSet f : neurons.result().facts()) {
                NeuronSet sent = roundTrip(f, NeuronSet.class);
                HubControls.FactHubs hubs = roundTrip(neurons.hubs().get(f.uuid()), HubControls.FactHubs.class);
                List<KnFiguresReplication.FactMeasurement> one = replication.measure(
                        List.of(sent), dropout, Map.of(sent.uuid(), hubs), s, seed, ProgressListener.NONE);
                measured.add(roundTrip(one.get(0), KnFiguresReplication.FactMeasurement.class));
            }
            KnFiguresReplication.Result sharded = replication.result(neurons, measured, s, seed);

            assertEquals(JSON.valueToTree(whole), (JsonNode) JSON.valueToTree(sharded));
            assertEquals(whole.tables(), sharded.tables());
            assertEquals(whole.figures(), sharded.figures());
            assertEquals(whole.dropout(), sharded.dropout());
            assertFalse(whole.figures().isEmpty());
            assertEquals(s.dropoutFacts(), (int)
                    measured.stream().filter(m -> m.dropout() != null).count());
        }
    }

    private static <T> T roundTrip(T value, Class<T> type) throws IOException {
        T back = JSON.readValue(JSON.writeValueAsBytes(value), type);
        assertEquals(value, back, type.getSimpleName() + " must survive JSON unchanged");
        return back;
    }
}
