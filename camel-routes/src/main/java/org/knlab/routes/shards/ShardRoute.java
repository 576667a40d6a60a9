package org.knlab.routes.shards;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.Exchange;
import org.jboss.logging.MDC;
import org.knlab.routes.Json;
import org.knlab.routes.KnConfig;
import org.knlab.routes.Rejections;
import org.knlab.routes.RequestIntake;
import org.knlab.routes.WorkerRoutes;
import org.knlab.routes.WorkerStop;
import org.knlab.schemas.ShardMessage;
import org.knlab.schemas.StepMessage;

/**
 * kn.shards → run the shard (group {@code kn-shards}, one record per poll, a poll interval of
 * minutes: a shard is a few facts); kn.shards.joins → progress and joins (group {@code kn-joins},
 * {@code read_committed}: only tallies the join's stream committed). Each has its own group so that
 * a rebalance of one never waits for a worker busy in a long unsharded step. A failure anywhere fails
 * the experiment through {@code direct:reject} (its other shards and joins then do nothing). Shards
 * and joins compute exclusively with steps, one at a time per worker (see {@link ShardCoordinator}).
 * Offsets are committed once a shard or tally is handled, not when the worker stops ({@link WorkerRoutes}).
 */
@ApplicationScoped
public class ShardRoute extends WorkerRoutes {

    public static final String SHARDS_GROUP = "kn-shards";
    public static final String JOINS_GROUP = "kn-joins";

    private final ShardCoordinator coordinator;
    private final WorkerStop stop;
    private final KnConfig config;

    ShardRoute(ShardCoordinator coordinator, WorkerStop stop, KnConfig config) {
        this.coordinator = coordinator;
        this.stop = stop;
        this.config = config;
    }

    @Override
    public void configure() {
        if (!config.runs("worker")) {
            return;
        }
        failurePaths(stop);

        from("kafka:" + config.topics().shards() + "?groupId=" + SHARDS_GROUP + "&maxPollRecords=1&maxPollIntervalMs="
                        + config.kafka().shardMaxPollIntervalMs() + COMMIT_WHEN_HANDLED)
                .routeId("shards")
                .process(this::runShard)
                .process(WorkerRoutes::commit);

        from("kafka:" + config.topics().shardJoins() + "?groupId=" + JOINS_GROUP + "&maxPollRecords=1"
                        + "&isolationLevel=read_committed" + COMMIT_WHEN_HANDLED)
                .routeId("shard-joins")
                .process(this::onTally)
                .process(WorkerRoutes::commit);
    }

    private void runShard(Exchange exchange) throws Exception {
        ShardMessage shard = Json.MAPPER.readValue(exchange.getMessage().getBody(byte[].class), ShardMessage.class);
        failurePath(exchange, shard.step());
        MDC.put("experimentId", shard.step().experimentId());
        try {
            coordinator.runShard(shard);
        } finally {
            MDC.remove("experimentId");
        }
    }

    private void onTally(Exchange exchange) throws Exception {
        ShardTally tally = Json.MAPPER.readValue(exchange.getMessage().getBody(byte[].class), ShardTally.class);
        exchange.setProperty(RequestIntake.EXPERIMENT_ID, tally.experimentId());
        exchange.setProperty(Rejections.STEP, tally.step());
        exchange.setProperty(Rejections.STEP_INDEX, tally.stepIndex());
        MDC.put("experimentId", tally.experimentId());
        try {
            coordinator.onTally(tally, message -> failurePath(exchange, message));
        } finally {
            MDC.remove("experimentId");
        }
    }

    /** What a failure needs: the experiment, its step, and the request record's value as the user sent it. */
    private void failurePath(Exchange exchange, StepMessage message) {
        exchange.setProperty(RequestIntake.EXPERIMENT_ID, message.experimentId());
        exchange.setProperty(Rejections.ORIGINAL, message.originalRequest());
        exchange.setProperty(Rejections.SOURCE_TOPIC, config.topics().requests());
        exchange.setProperty(Rejections.STEP, message.step().id());
        exchange.setProperty(Rejections.STEP_INDEX, message.stepIndex());
    }
}
