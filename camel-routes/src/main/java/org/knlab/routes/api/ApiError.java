package org.knlab.routes.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.knlab.routes.Json;

/**
 * A request the API cannot answer: a JSON body {@code {status, error, message}} with a 4xx status. The
 * message never repeats an id that failed its pattern.
 */
public class ApiError extends RuntimeException {

    private static final Pattern EXPERIMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern STEP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    final int status;
    final String error;

    public ApiError(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    /** The id, if it has the request schema's form; else 400. */
    static String experimentId(String id) {
        if (id == null || !EXPERIMENT_ID.matcher(id).matches()) {
            throw new ApiError(400, "invalid-id", "an experiment id matches " + EXPERIMENT_ID.pattern());
        }
        return id;
    }

    static String stepId(String id) {
        if (id == null || !STEP_ID.matcher(id).matches()) {
            throw new ApiError(400, "invalid-id", "a step id matches " + STEP_ID.pattern());
        }
        return id;
    }

    static ApiError notFound(String what) {
        return new ApiError(404, "not-found", what + " is not in the store");
    }

    static Response json(int status, String error, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(Json.MAPPER
                        .createObjectNode()
                        .put("status", status)
                        .put("error", error)
                        .put("message", message)
                        .toString())
                .build();
    }

    /** Maps this and malformed filters (IllegalArgumentException) to their JSON answers. */
    public static class Mappers {
        @ServerExceptionMapper
        public Response apiError(ApiError e) {
            return json(e.status, e.error, e.getMessage());
        }

        @ServerExceptionMapper
        public Response badFilter(IllegalArgumentException e) {
            return json(400, "invalid-parameter", e.getMessage());
        }
    }
}
