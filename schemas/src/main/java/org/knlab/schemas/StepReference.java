package org.knlab.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The step reference ({@code docs/steps.md}) generated from the JSON Schemas: every step type the
 * request schema names, in its order, with its parameters (type, default, bounds, description, those
 * of shared schemas merged in) and its output's fields. The schemas are the contract, so the page is
 * never written by hand; {@code StepReferenceTest} fails when the committed page is stale.
 */
public final class StepReference {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the schemas are on the class path (this module's resources). */
    private static final String RESOURCES = "/org/knlab/schemas/json/";

    /**
     * One step parameter as the reference shows it, for the {@code kn} options of the same name too.
     *
     * @param defaultValue the schema's default as JSON text; null when it has none
     * @param bounds e.g. "≥ 0, ≤ 1", or "—"
     */
    public record Param(String type, String defaultValue, String bounds, String description) {}

    /** Reads a schema by its path under {@code schemas/json}; null when there is none. */
    private final Function<String, JsonNode> schemas;

    /** @param dir the schemas directory ({@code schemas/json}) */
    public StepReference(Path dir) {
        this.schemas = relative -> {
            Path file = dir.resolve(relative);
            try {
                return Files.exists(file) ? JSON.readTree(file.toFile()) : null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private StepReference(Function<String, JsonNode> schemas) {
        this.schemas = schemas;
    }

    /** The reference of the schemas this module ships (on the class path): what a running program reads. */
    public static StepReference fromClasspath() {
        return new StepReference(relative -> {
            try (InputStream in = StepReference.class.getResourceAsStream(RESOURCES + relative)) {
                return in == null ? null : JSON.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A step type's parameters by name (those of shared schemas merged in); empty when it takes none. */
    public Map<String, Param> parameters(String type) {
        JsonNode schema = schemas.apply("steps/" + type + ".params.schema.json");
        Map<String, Param> out = new LinkedHashMap<>();
        if (schema != null) {
            properties(schema, "steps/")
                    .forEach((name, p) -> out.put(
                            name,
                            new Param(
                                    type(p),
                                    p.has("default") ? p.path("default").toString() : null,
                                    bounds(p),
                                    oneLine(p.path("description").asText()))));
        }
        return out;
    }

    /** Writes the page: {@code StepReference SCHEMAS_DIR OUT.md}. */
    public static void main(String[] args) throws IOException {
        Files.writeString(Path.of(args[1]), new StepReference(Path.of(args[0])).markdown());
    }

    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Step reference\n\n")
                .append(
                        "<!-- Generated from schemas/json by org.knlab.schemas.StepReference; do not edit. Regenerate:\n")
                .append("     ./mvnw -q -B -pl schemas test -Dtest=StepReferenceTest -Dkn.docs.write=true -->\n\n")
                .append(
                        "Every step type an experiment request may name (`steps[].type`), its `params` and its output\n")
                .append(
                        "(the `output` of its `org.knlab.step.result` event). Parameters not given take the default; a value\n")
                .append(
                        "outside the bounds is a `schema-violation` naming `$.steps[i].params.NAME`. The same settings are\n")
                .append(
                        "the options of the `kn` command of the same name (`deploy/kn TYPE --help`; `probe` has none).\n\n");
        out.append(
                "## The request\n\nThe fields of an experiment request (`experiment-request.schema.json`); the steps follow.\n\n");
        paramTable(out, properties(read("experiment-request.schema.json"), ""));
        out.append("\n**Step types**\n\n");
        List<String> types = stepTypes();
        for (String type : types) {
            out.append("- [`").append(type).append("`](#").append(type).append(")\n");
        }
        for (String type : types) {
            out.append('\n').append(section(type));
        }
        return out.toString();
    }

    /** The step types in the order of the request schema's {@code step} definition. */
    List<String> stepTypes() {
        List<String> types = new ArrayList<>();
        read("experiment-request.schema.json")
                .path("$defs")
                .path("step")
                .path("allOf")
                .forEach(branch -> types.add(branch.path("if")
                        .path("properties")
                        .path("type")
                        .path("const")
                        .asText()));
        return types;
    }

    private String section(String type) {
        StringBuilder out = new StringBuilder("## ").append(type).append("\n\n");
        JsonNode paramsSchema = schemas.apply("steps/" + type + ".params.schema.json");
        JsonNode outputSchema = schemas.apply("steps/" + type + ".output.schema.json");
        if (outputSchema != null && outputSchema.has("description")) {
            out.append(oneLine(outputSchema.path("description").asText())).append("\n\n");
        }
        out.append("**Parameters**");
        if (paramsSchema != null) {
            out.append(" (`").append(paramsSchema.path("title").asText()).append("`)\n\n");
            Map<String, JsonNode> properties = properties(paramsSchema, "steps/");
            if (properties.isEmpty()) {
                out.append("None.\n");
            } else {
                paramTable(out, properties);
            }
        } else {
            out.append("\n\nNone.\n");
        }
        out.append("\n**Output**");
        if (outputSchema == null) {
            out.append("\n\nAny JSON object.\n");
            return out.toString();
        }
        out.append(" (`").append(outputSchema.path("title").asText()).append("`)\n\n");
        List<String> required = new ArrayList<>();
        outputSchema.path("required").forEach(r -> required.add(r.asText()));
        out.append("| field | always | type | description |\n|---|---|---|---|\n");
        properties(outputSchema, "steps/")
                .forEach((name, p) -> out.append("| `")
                        .append(name)
                        .append("` | ")
                        .append(required.contains(name) ? "yes" : "no")
                        .append(" | ")
                        .append(type(p))
                        .append(" | ")
                        .append(cell(p.path("description").asText()))
                        .append(" |\n"));
        return out.toString();
    }

    private static void paramTable(StringBuilder out, Map<String, JsonNode> properties) {
        out.append("| param | type | default | bounds | description |\n|---|---|---|---|---|\n");
        properties.forEach((name, p) -> out.append("| `")
                .append(name)
                .append("` | ")
                .append(type(p))
                .append(" | ")
                .append(p.has("default") ? "`" + p.path("default") + "`" : "—")
                .append(" | ")
                .append(bounds(p))
                .append(" | ")
                .append(cell(p.path("description").asText()))
                .append(" |\n"));
    }

    /** A schema's properties, those of the schemas its {@code allOf} refers to after its own. */
    private Map<String, JsonNode> properties(JsonNode schema, String base) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        schema.path("properties").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        for (JsonNode part : schema.path("allOf")) {
            String ref = part.path("$ref").asText("");
            if (!ref.isEmpty() && !ref.contains("#")) {
                properties(read(base + ref), base).forEach(out::putIfAbsent);
            } else {
                properties(part, base).forEach(out::putIfAbsent);
            }
        }
        return out;
    }

    private static String type(JsonNode p) {
        if (p.has("enum")) {
            return "one of " + values(p.path("enum"));
        }
        if (p.has("const")) {
            return "`" + p.path("const") + "`";
        }
        String ref = p.path("$ref").asText("");
        if (!ref.isEmpty()) {
            return ref.contains("#/$defs/")
                    ? "`" + ref.substring(ref.indexOf("#/$defs/") + 8) + "`"
                    : "`" + ref.replaceAll(".*/", "").replace(".schema.json", "") + "`";
        }
        if (p.has("allOf") && p.path("allOf").get(0).has("$ref")) {
            return type(p.path("allOf").get(0));
        }
        if (p.has("anyOf")) {
            List<String> kinds = new ArrayList<>();
            p.path("anyOf").forEach(k -> kinds.add(type(k)));
            return String.join(" or ", kinds);
        }
        String t = p.path("type").isArray()
                ? String.join(" or ", texts(p.path("type")))
                : p.path("type").asText("any");
        if (t.equals("array")) {
            JsonNode items = p.path("items");
            return items.isMissingNode() ? "list" : "list of " + type(items);
        }
        return t;
    }

    private static String bounds(JsonNode p) {
        List<String> out = new ArrayList<>();
        bound(out, p, "minimum", "≥ ");
        bound(out, p, "exclusiveMinimum", "> ");
        bound(out, p, "maximum", "≤ ");
        bound(out, p, "exclusiveMaximum", "< ");
        bound(out, p, "minItems", "items ≥ ");
        bound(out, p, "maxItems", "items ≤ ");
        bound(out, p, "minLength", "length ≥ ");
        bound(out, p, "maxLength", "length ≤ ");
        if (p.has("pattern")) {
            out.add("matches `" + p.path("pattern").asText().replace("|", "\\|") + "`");
        }
        if (p.path("uniqueItems").asBoolean(false)) {
            out.add("unique");
        }
        return out.isEmpty() ? "—" : String.join(", ", out);
    }

    private static void bound(List<String> out, JsonNode p, String key, String prefix) {
        if (p.has(key)) {
            out.add(prefix + p.path(key));
        }
    }

    private static String values(JsonNode array) {
        return String.join(", ", texts(array).stream().map(v -> "`" + v + "`").toList());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.isTextual() ? v.asText() : v.toString()));
        return out;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }

    private static String cell(String text) {
        return oneLine(text).replace("|", "\\|");
    }

    private JsonNode read(String relative) {
        JsonNode schema = schemas.apply(relative);
        if (schema == null) {
            throw new IllegalStateException("no schema " + relative);
        }
        return schema;
    }
}
