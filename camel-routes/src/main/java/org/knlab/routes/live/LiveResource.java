package org.knlab.routes.live;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Server-sent events for the live page: each event the store stores, compact (see {@link LiveFeed}). */
@Path("/api/live")
public class LiveResource {

    private final LiveFeed feed;

    LiveResource(LiveFeed feed) {
        this.feed = feed;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    public Multi<String> events() {
        return feed.stream();
    }
}
