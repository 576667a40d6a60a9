package org.knlab.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates messages against the JSON Schemas (draft 2020-12) in {@code schemas/json}, using
 * networknt's json-schema-validator. Schemas are loaded from the classpath once and cached.
 */
public final class MessageValidator {

    public static final String BASE_URI = "https://knlab.org/schemas/v1/";
    public static final String REQUEST = "experiment-request.schema.json";
    public static final String STEP_MESSAGE = "step-message.schema.json";
    public static final String EVENT = "cloudevent.schema.json";

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(m -> m.mapPrefix(BASE_URI, "classpath:org/knlab/schemas/json/")));
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    /** Violations of the named schema (a file name, optionally with a {@code #/$defs/...} fragment). */
    public List<Violation> validate(String schema, JsonNode message) {
        JsonSchema s = schemas.computeIfAbsent(schema, k -> factory.getSchema(SchemaLocation.of(BASE_URI + k)));
        List<Violation> out = new ArrayList<>();
        for (ValidationMessage m : s.validate(message)) {
            out.add(new Violation(m.getInstanceLocation().toString(), m.getMessage()));
        }
        out.sort(Comparator.comparing(Violation::field).thenComparing(Violation::message));
        return out;
    }

    public List<Violation> validateRequest(JsonNode request) {
        return validate(REQUEST, request);
    }

    /** The envelope, then the data against the schema of the event's type. */
    public List<Violation> validateEvent(JsonNode event) {
        List<Violation> out = new ArrayList<>(validate(EVENT, event));
        EventType.of(event.path("type").asText())
                .ifPresent(t -> validate(t.dataSchema(), event.path("data"))
                        .forEach(v -> out.add(new Violation(v.field().replaceFirst("^\\$", "\\$.data"), v.message()))));
        return out;
    }
}
