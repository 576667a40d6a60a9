package org.knlab.routes.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.knlab.routes.store.ExperimentFilter;
import org.knlab.routes.store.StoreQueries;

/** The query API over the results store (OpenAPI document at /q/openapi). */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentsResource {

    private final StoreQueries store;

    ExperimentsResource(StoreQueries store) {
        this.store = store;
    }

    @GET
    @Path("/experiments")
    @Operation(summary = "Experiments with their status, newest first")
    public ArrayNode experiments(
            @Parameter(description = "a step type the workflow contains, e.g. interventions") @QueryParam("type")
                    String type,
            @QueryParam("model") String model,
            @Parameter(description = "accepted, running, completed or failed") @QueryParam("status") String status,
            @Parameter(description = "completed or failed (same as status)") @QueryParam("outcome") String outcome,
            @Parameter(description = "accepted at or after, ISO-8601") @QueryParam("since") String since,
            @Parameter(description = "accepted at or before, ISO-8601") @QueryParam("until") String until,
            @Parameter(description = "1..1000, default 100") @QueryParam("limit") String limit) {
        return store.experiments(ExperimentFilter.of(type, model, status, outcome, since, until, limit));
    }

    @GET
    @Path("/experiments/{id}")
    @Operation(summary = "One experiment: request, steps, events, results, alerts, dead letters")
    public ObjectNode experiment(@PathParam("id") String id) {
        return store.experiment(ApiError.experimentId(id)).orElseThrow(() -> ApiError.notFound("experiment " + id));
    }

    @GET
    @Path("/experiments/{id}/steps/{step}/relations")
    @Operation(
            summary =
                    "The per-relation table of a step (interventions, replicate-kn-figures, probe, edit-fact, erase-relation)")
    public ArrayNode relations(@PathParam("id") String id, @PathParam("step") String step) {
        JsonNode result = stepResult(id, step);
        return RelationTables.of(result.path("stepType").asText(), result.path("output"))
                .orElseThrow(() -> new ApiError(
                        404, "no-table", "a " + result.path("stepType").asText() + " step has no per-relation table"));
    }

    @GET
    @Path("/experiments/{id}/steps/{step}/rows.csv")
    @Produces("text/csv")
    @Operation(summary = "The per-fact rows of a step as CSV (from kn.experiments.rows, or the output's facts)")
    public String rows(@PathParam("id") String id, @PathParam("step") String step) {
        JsonNode result = stepResult(id, step);
        List<JsonNode> rows = store.factRows(id, step);
        if (rows.isEmpty() && result.path("output").path("facts").isArray()) {
            rows = List.copyOf(Csv.list(result.path("output").path("facts")));
        }
        if (rows.isEmpty()) {
            throw new ApiError(404, "no-rows", "step " + step + " has no per-fact rows");
        }
        return Csv.of(rows);
    }

    @GET
    @Path("/alerts")
    @Operation(summary = "Alerts fired, newest first")
    public ArrayNode alerts(@QueryParam("limit") String limit) {
        return store.alerts(
                ExperimentFilter.of(null, null, null, null, null, null, limit).limit());
    }

    private JsonNode stepResult(String id, String step) {
        ApiError.experimentId(id);
        ApiError.stepId(step);
        return store.stepResult(id, step).orElseThrow(() -> ApiError.notFound("step " + step + " of " + id));
    }
}
