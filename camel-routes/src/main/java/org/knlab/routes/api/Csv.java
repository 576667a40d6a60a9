package org.knlab.routes.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.knlab.routes.Json;

/** JSON rows as CSV (RFC 4180): nested objects flattened to dotted column names, arrays as JSON text. */
public final class Csv {

    private Csv() {}

    public static String of(List<? extends JsonNode> rows) {
        List<ObjectNode> flat = rows.stream().map(Csv::flatten).toList();
        Set<String> columns = new LinkedHashSet<>();
        flat.forEach(r -> r.fieldNames().forEachRemaining(columns::add));
        StringBuilder out = new StringBuilder(
                        String.join(",", columns.stream().map(Csv::quote).toList()))
                .append("\r\n");
        for (ObjectNode r : flat) {
            out.append(String.join(
                            ",",
                            columns.stream()
                                    .map(c -> r.has(c) ? quote(cell(r.get(c))) : "")
                                    .toList()))
                    .append("\r\n");
        }
        return out.toString();
    }

    public static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /** {a: {b: 1}, c: [1, 2]} → {"a.b": 1, "c": [1, 2]}. */
    public static ObjectNode flatten(JsonNode node) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        flatten("", node, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, ObjectNode out) {
        if (node.isObject()) {
            node.fields()
                    .forEachRemaining(
                            e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
        } else {
            out.set(prefix.isEmpty() ? "value" : prefix, node);
        }
    }

    private static String cell(JsonNode v) {
        return v.isValueNode() ? v.asText() : v.toString();
    }

    private static String quote(String s) {
        // A leading =, +, - or @ would be a formula in a spreadsheet; numbers keep their sign.
        boolean formula = !s.isEmpty() && "=+@".indexOf(s.charAt(0)) >= 0;
        return s.matches("[A-Za-z0-9._:/> -]*") && !formula
                ? s
                : "\"" + (formula ? "'" : "") + s.replace("\"", "\"\"") + "\"";
    }
}
