package org.knlab.routes.shards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.knlab.experiments.ProgressListener;
import org.knlab.nn.LanguageModel;
import org.knlab.routes.EventPublisher;
import org.knlab.routes.Json;
import org.knlab.routes.JsonChunks;
import org.knlab.routes.KnConfig;
import org.knlab.routes.ModelRegistry;
import org.knlab.routes.ProcessedIds;
import org.knlab.routes.StepCompletion;
import org.knlab.routes.steps.FactInputs;
import org.knlab.routes.steps.ShardedStep;
import org.knlab.routes.steps.StepContext;
import org.knlab.routes.steps.StepHandlers;
import org.knlab.schemas.EventData;
import org.knlab.schemas.ShardMessage;
import org.knlab.schemas.StepMessage;

/**
 * Fan-out and fan-in of sharded steps on Kafka's own machinery.
 *
 * <ol>
 *   <li>{@link #plan}: the step's context (its message) goes to {@code kn.shards.outputs}, then its
 *       first phase to {@code kn.shards} as shards of {@code shardSize} facts (keys spread them over
 *       the partitions, so over the workers of group {@code kn-shards}).</li>
 *   <li>{@link #runShard}: any worker runs a shard and writes its items, in chunks below the record
 *       limit, to {@code kn.shards.outputs} under the step's key (one partition per step).</li>
 *   <li>{@link ShardTallies} (Kafka Streams, exactly-once) counts each step's chunks in its state
 *       store and writes to {@code kn.shards.joins} a tally per finished shard and exactly one
 *       "complete" per phase, with the offsets where the step's records lie.</li>
 *   <li>{@link #onTally}: progress, and on "complete" the join: read the step's records back
 *       ({@link ShardOutputs}), join, then fan the next phase out or complete the step.</li>
 * </ol>
 *
 * Every effect of a plan, shard or join is flushed with its processed id, so a redelivered message
 * does nothing twice; a shard run twice (a worker killed after writing, before committing) writes
 * the same items again, and the reader keeps the first copy.
 */
@ApplicationScoped
public class ShardCoordinator {

    private static final Logger LOG = Logger.getLogger(ShardCoordinator.class);
    /** Which worker ran a shard ("pid@host"), recorded with its output for operators (and the two-worker test). */
    private static final String WORKER = ManagementFactory.getRuntimeMXBean().getName();

    private final EventPublisher events;
    private final ProcessedIds processed;
    private final ModelRegistry models;
    private final StepHandlers handlers;
    private final StepCompletion completion;
    private final ShardOutputs outputs;
    private final int maxPrompts;

    ShardCoordinator(
            EventPublisher events,
            ProcessedIds processed,
            ModelRegistry models,
            StepHandlers handlers,
            StepCompletion completion,
            ShardOutputs outputs,
            KnConfig config) {
        this.events = events;
        this.processed = processed;
        this.models = models;
        this.handlers = handlers;
        this.completion = completion;
        this.outputs = outputs;
        this.maxPrompts = config.limits().maxPrompts();
    }

    /** Fans a sharded step's first phase out, once (a redelivered step message finds it planned). */
    public void plan(ShardedStep step, StepContext ctx) {
        StepMessage m = ctx.message();
        String planned = ProcessedIds.planned(m.experimentId(), m.stepIndex());
        if (processed.contains(planned)) {
            LOG.infof("step %s of %s is already sharded; skipped", m.step().id(), m.experimentId());
            return;
        }
        ObjectNode context = Json.MAPPER
                .createObjectNode()
                .put("kind", ShardOutputs.CONTEXT)
                .put("experimentId", m.experimentId())
                .put("stepIndex", m.stepIndex())
                .put("step", m.step().id())
                .put("plannedAtMs", System.currentTimeMillis());
        context.set("message", Json.MAPPER.valueToTree(m));
        events.shardOutput(ShardMessage.stepKey(m.experimentId(), m.stepIndex()), context);
        int shards = fanOut(m, 0, step.factIds(ctx), List.of(), step.shardSize(ctx));
        LOG.infof(
                "step %s (%s) sharded: %d shards of at most %d facts",
                m.step().id(), m.step().type(), shards, step.shardSize(ctx));
        processed.add(planned);
        events.flush();
    }

    /**
     * Runs one shard and writes its items; skipped when done already or when its experiment failed.
     * Computes {@link ModelRegistry#exclusive exclusively} with steps and joins.
     */
    public void runShard(ShardMessage shard) {
        models.exclusive(() -> run(shard));
    }

    private void run(ShardMessage shard) {
        StepMessage m = shard.step();
        String done = ProcessedIds.shard(m.experimentId(), m.stepIndex(), shard.phase(), shard.shard());
        if (processed.contains(done) || processed.contains(ProcessedIds.failed(m.experimentId()))) {
            LOG.infof("shard %s is done or its experiment failed; skipped", shard.key());
            return;
        }
        StepContext ctx = context(m);
        List<JsonNode> items = sharded(m).runShard(ctx, shard.phase(), shard.factIds(), shard.inputs());
        List<ArrayNode> chunks = JsonChunks.of(items);
        for (int i = 0; i < chunks.size(); i++) {
            ObjectNode record = Json.MAPPER
                    .createObjectNode()
                    .put("kind", ShardOutputs.OUTPUT)
                    .put("experimentId", m.experimentId())
                    .put("stepIndex", m.stepIndex())
                    .put("step", m.step().id())
                    .put("phase", shard.phase())
                    .put("shard", shard.shard())
                    .put("shards", shard.shards())
                    .put("chunk", i)
                    .put("chunks", chunks.size())
                    .put("facts", shard.factIds().size())
                    .put("phaseFacts", shard.phaseFacts())
                    .put("worker", WORKER);
            record.set("items", chunks.get(i));
            events.shardOutput(shard.stepKey(), record);
        }
        processed.add(done);
        events.flush();
    }

    /**
     * A tally from the join's stream: a progress event (at once: it needs no model); when it says the
     * phase is complete, the join (once, computing exclusively with steps and shards). {@code onContext}
     * is told the step's message as soon as it is read, for the failure path.
     */
    public void onTally(ShardTally tally, Consumer<StepMessage> onContext) {
        String id = tally.experimentId();
        if (processed.contains(ProcessedIds.failed(id))) {
            return;
        }
        events.progress(new EventData.Progress(
                id,
                tally.step(),
                tally.phase(),
                tally.factsDone(),
                tally.facts(),
                "facts",
                tally.shardsDone(),
                tally.shards()));
        events.flush();
        if (tally.complete()) {
            models.exclusive(() -> join(tally, onContext));
        }
    }

    private void join(ShardTally tally, Consumer<StepMessage> onContext) {
        String joined = ProcessedIds.join(tally.experimentId(), tally.stepIndex(), tally.phase());
        if (processed.contains(joined)) {
            return;
        }
        ShardOutputs.StepRecords records = outputs.read(tally);
        StepMessage m = records.message();
        onContext.accept(m);
        ShardedStep step = sharded(m);
        StepContext ctx = context(m);
        ShardedStep.Joined joinedOutput = step.join(ctx, tally.phase(), records.items());
        if (joinedOutput.output() == null) {
            fanOut(m, tally.phase() + 1, joinedOutput.factIds(), joinedOutput.inputs(), step.shardSize(ctx));
        } else {
            completion.complete(
                    m, ctx.model(), joinedOutput.output(), System.currentTimeMillis() - records.plannedAtMs());
        }
        processed.add(joined);
        events.flush();
    }

    private int fanOut(StepMessage m, int phase, List<String> factIds, List<JsonNode> inputs, int shardSize) {
        int shards = Math.max(1, (factIds.size() + shardSize - 1) / shardSize);
        for (int i = 0; i < shards; i++) {
            int from = i * shardSize;
            int to = Math.min(factIds.size(), from + shardSize);
            events.shard(new ShardMessage(
                    m,
                    phase,
                    i,
                    shards,
                    factIds.size(),
                    factIds.subList(from, to),
                    inputs.isEmpty() ? List.of() : inputs.subList(from, to)));
        }
        return shards;
    }

    private StepContext context(StepMessage m) {
        LanguageModel model = models.forRequest(m.request());
        return new StepContext(m, model, new FactInputs(m, model.tokenizer(), maxPrompts), ProgressListener.NONE);
    }

    private ShardedStep sharded(StepMessage m) {
        return (ShardedStep) handlers.find(m.step().type()).orElseThrow();
    }
}
