package org.knlab.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** An array of flat JSON rows (the API's per-relation tables) as a Markdown table, columns in first-seen order. */
final class MarkdownTable {

    private MarkdownTable() {}

    static String of(JsonNode rows) {
        List<String> columns = new ArrayList<>();
        rows.forEach(r -> r.fieldNames().forEachRemaining(c -> {
            if (!columns.contains(c)) {
                columns.add(c);
            }
        }));
        StringBuilder b =
                new StringBuilder("| ").append(String.join(" | ", columns)).append(" |\n|");
        columns.forEach(c -> b.append("---|"));
        b.append('\n');
        for (JsonNode r : rows) {
            b.append('|');
            columns.forEach(c -> b.append(' ').append(cell(r.path(c))).append(" |"));
            b.append('\n');
        }
        return b.toString();
    }

    private static String cell(JsonNode v) {
        if (v.isMissingNode() || v.isNull()) {
            return "–";
        }
        return v.isFloatingPointNumber() ? String.format(Locale.ROOT, "%.4g", v.asDouble()) : v.asText();
    }
}
