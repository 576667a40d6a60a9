package org.knlab.routes.shards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.knlab.routes.Json;

/**
 * One step's tally, kept per step key in the state store as JSON: whether its context was seen, the
 * offset range of its records, and per phase the shards, each shard's chunks received and facts.
 * Forwards a {@link ShardTally} when a shard's last chunk arrives, and the one "complete" of a
 * phase when every shard of it is in and the context too (then never again for that phase: a
 * shard's output written twice finds its chunks received already).
 */
final class TallyProcessor implements Processor<String, byte[], String, byte[]> {

    static final String STORE = "shard-tallies";

    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, String> store;

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        JsonNode value = read(record.value());
        RecordMetadata where = context.recordMetadata().orElseThrow();
        String saved = store.get(record.key());
        ObjectNode tally = saved == null ? Json.MAPPER.createObjectNode() : (ObjectNode) read(saved.getBytes());
        if (!tally.has("from")) {
            tally.put("experimentId", value.path("experimentId").asText())
                    .put("stepIndex", value.path("stepIndex").asInt())
                    .put("step", value.path("step").asText())
                    .put("partition", where.partition())
                    .put("from", where.offset())
                    .put("to", where.offset())
                    .put("context", false);
        }
        tally.put("from", Math.min(tally.path("from").asLong(), where.offset()));
        tally.put("to", Math.max(tally.path("to").asLong(), where.offset()));
        Integer finishedShardPhase = null;
        if (ShardOutputs.CONTEXT.equals(value.path("kind").asText())) {
            tally.put("context", true);
        } else if (received(tally, value)) {
            finishedShardPhase = value.path("phase").asInt();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        tally.withObject("/phases").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ObjectNode phase = (ObjectNode) e.getValue();
            int p = Integer.parseInt(e.getKey());
            ShardTally t = tallyOf(tally, p, phase);
            if (t.complete() && !phase.path("emitted").asBoolean()) {
                phase.put("emitted", true);
                forward(record, t);
            } else if (!t.complete() && Integer.valueOf(p).equals(finishedShardPhase)) {
                forward(record, t);
            }
        }
        store.put(record.key(), tally.toString());
    }

    /** Notes a chunk; true when it was new and completes its shard. */
    private static boolean received(ObjectNode tally, JsonNode chunk) {
        ObjectNode phase =
                tally.withObject("/phases").withObject("/" + chunk.path("phase").asInt());
        phase.put("shards", chunk.path("shards").asInt())
                .put("phaseFacts", chunk.path("phaseFacts").asInt());
        ObjectNode shard =
                phase.withObject("/shard").withObject("/" + chunk.path("shard").asInt());
        shard.put("chunks", chunk.path("chunks").asInt())
                .put("facts", chunk.path("facts").asInt());
        ArrayNode got = shard.withArray("received");
        int c = chunk.path("chunk").asInt();
        for (JsonNode g : got) {
            if (g.asInt() == c) {
                return false;
            }
        }
        got.add(c);
        return got.size() == shard.path("chunks").asInt();
    }

    private static ShardTally tallyOf(ObjectNode tally, int p, ObjectNode phase) {
        int shardsDone = 0;
        int factsDone = 0;
        for (JsonNode shard : phase.withObject("/shard")) {
            if (shard.path("received").size() == shard.path("chunks").asInt()) {
                shardsDone++;
                factsDone += shard.path("facts").asInt();
            }
        }
        int shards = phase.path("shards").asInt();
        boolean complete = tally.path("context").asBoolean() && shardsDone == shards;
        return new ShardTally(
                tally.path("experimentId").asText(),
                tally.path("stepIndex").asInt(),
                tally.path("step").asText(),
                p,
                shards,
                shardsDone,
                phase.path("phaseFacts").asInt(),
                factsDone,
                complete,
                tally.path("partition").asInt(),
                tally.path("from").asLong(),
                tally.path("to").asLong());
    }

    private void forward(Record<String, byte[]> record, ShardTally t) {
        try {
            context.forward(record.withValue(Json.MAPPER.writeValueAsBytes(t)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable shard record", e);
        }
    }
}
