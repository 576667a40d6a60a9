package org.knlab.routes;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Whether this worker is stopping. Something that fails while it stops (its model or producer
 * closed under it, or refused to start) failed because of the stop, not because of its experiment:
 * it is left uncommitted for the next owner of its partition ({@link WorkerRoutes}), and no failure
 * is published. Set by a JVM shutdown hook — on SIGTERM the earliest sign, before Quarkus closes
 * Camel, the producer or the models — and by Quarkus' shutdown event where the JVM goes on (tests).
 */
@Startup
@ApplicationScoped
public class WorkerStop {

    private volatile boolean stopping;

    WorkerStop() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopping = true, "kn-worker-stop"));
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    public boolean stopping() {
        return stopping;
    }

    /** Throws {@link Stopping} once the worker stops: no new computation starts then. */
    public void refuseNewWork() {
        if (stopping) {
            throw new Stopping();
        }
    }

    /** Work refused because the worker stops; another worker, or this one restarted, does it. */
    public static final class Stopping extends IllegalStateException {
        Stopping() {
            super("the worker is stopping");
        }
    }
}
