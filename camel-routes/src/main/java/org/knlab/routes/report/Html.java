package org.knlab.routes.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Set;

/** HTML pieces for the report and the pages: escaping, tables of JSON rows, JSON blocks. */
public final class Html {

    private Html() {}

    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    /** Rows of flat JSON objects as a table, columns in first-seen order. */
    public static String table(String cssClass, Iterable<JsonNode> rows) {
        Set<String> columns = new LinkedHashSet<>();
        rows.forEach(r -> r.fieldNames().forEachRemaining(columns::add));
        StringBuilder s =
                new StringBuilder("<table class='").append(escape(cssClass)).append("'><tr>");
        columns.forEach(c -> s.append("<th>").append(escape(c)).append("</th>"));
        s.append("</tr>");
        for (JsonNode r : rows) {
            s.append("<tr>");
            columns.forEach(
                    c -> s.append("<td>").append(escape(cell(r.path(c)))).append("</td>"));
            s.append("</tr>");
        }
        return s.append("</table>").toString();
    }

    public static String json(JsonNode node) {
        return "<pre class='json'>" + escape(node.toPrettyString()) + "</pre>";
    }

    private static String cell(JsonNode v) {
        if (v.isMissingNode() || v.isNull()) {
            return "";
        }
        if (v.isNumber()) {
            return Svg.num(v.asDouble());
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }
}
