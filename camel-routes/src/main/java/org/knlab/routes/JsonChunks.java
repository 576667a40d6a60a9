package org.knlab.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a list of JSON items into arrays of at most {@link #MAX_CHARS} characters each (an item
 * larger than that gets an array of its own), so that a record stays well below Kafka's default
 * 1 MiB limit. At least one array, possibly empty.
 */
public final class JsonChunks {

    public static final int MAX_CHARS = 256 * 1024;

    private JsonChunks() {}

    public static List<ArrayNode> of(List<? extends JsonNode> items) {
        List<ArrayNode> chunks = new ArrayList<>();
        ArrayNode chunk = Json.MAPPER.createArrayNode();
        chunks.add(chunk);
        int size = 0;
        for (JsonNode item : items) {
            int chars = item.toString().length();
            if (size + chars > MAX_CHARS && !chunk.isEmpty()) {
                chunk = Json.MAPPER.createArrayNode();
                chunks.add(chunk);
                size = 0;
            }
            chunk.add(item);
            size += chars;
        }
        return chunks;
    }
}
