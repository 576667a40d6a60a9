package org.knlab.routes.report;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.knlab.routes.api.ExperimentsResource;

/** /experiments/{id}: the experiment's report (HTML), from the store. */
@Path("/experiments")
public class ReportResource {

    private final ExperimentsResource api;
    private final ReportPage page;

    ReportResource(ExperimentsResource api, ReportPage page) {
        this.api = api;
        this.page = page;
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.TEXT_HTML)
    public String report(@PathParam("id") String id) {
        return page.render(api.experiment(id));
    }
}
