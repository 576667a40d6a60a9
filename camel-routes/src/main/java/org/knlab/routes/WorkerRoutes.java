package org.knlab.routes;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;

/**
 * The routes of a worker's computations (steps, shards, joins): a record's offset is committed only
 * once the record is handled — done, or failed and reported — never when the worker stops in the
 * middle of it, so a graceful stop (SIGTERM, a rolling update, a scale-down) loses no more than a
 * SIGKILL: the record in hand is run again by the next owner of its partition.
 *
 * <p>Why manual commits: with Kafka's auto-commit, a consumer that closes commits its position,
 * which is already past the record in hand. With {@link #COMMIT_WHEN_HANDLED} and no commit factory
 * configured, Camel's Kafka consumer uses its no-op commit manager: nothing is committed on a
 * rebalance or at stop but what {@link #commit} commits.
 */
public abstract class WorkerRoutes extends RouteBuilder {

    /** Kafka endpoint options: offsets committed by {@link #commit} alone. */
    protected static final String COMMIT_WHEN_HANDLED = "&autoCommitEnable=false&allowManualCommit=true";

    private static final Logger LOG = Logger.getLogger(WorkerRoutes.class);

    /**
     * A failure while the worker stops leaves the record uncommitted and unreported; any other is
     * reported ({@code direct:reject}: failed event, dead letter) and then committed.
     */
    protected void failurePaths(WorkerStop stop) {
        onException(Exception.class)
                .onWhen(exchange -> stop.stopping())
                .handled(true)
                .process(WorkerRoutes::leaveForNextOwner);
        onException(Exception.class).handled(true).to("direct:reject").process(WorkerRoutes::commit);
    }

    /**
     * Commits the exchange's record (the offset after it), synchronously. A commit that fails (its
     * partition moved to another worker in a rebalance) is no failure of the experiment: the next
     * owner reads the record again and finds it done (its processed id was flushed before).
     */
    protected static void commit(Exchange exchange) {
        KafkaManualCommit commit =
                exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit == null) {
            throw new IllegalStateException("route " + exchange.getFromRouteId() + " does not commit manually");
        }
        try {
            commit.commit();
        } catch (KafkaException e) {
            LOG.warnf(
                    "commit of record %s of %s failed (%s); its next reader finds it done",
                    exchange.getMessage().getHeader(KafkaConstants.OFFSET),
                    exchange.getMessage().getHeader(KafkaConstants.TOPIC),
                    e.toString());
        }
    }

    private static void leaveForNextOwner(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.infof(
                "stopping: record %s of %s left uncommitted for the next owner of its partition (%s)",
                exchange.getMessage().getHeader(KafkaConstants.OFFSET),
                exchange.getMessage().getHeader(KafkaConstants.TOPIC),
                UntrustedText.forLog(String.valueOf(cause)));
    }
}
