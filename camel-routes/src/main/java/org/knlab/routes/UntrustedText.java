package org.knlab.routes;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Text from a message that has not passed validation, made safe to echo as a record key, an event
 * subject or a log line: a control character in it must not split a log line or forge a key.
 */
public final class UntrustedText {

    /** The schema's pattern for experimentId (experiment-request.schema.json). */
    private static final Pattern EXPERIMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private static final int MAX_ESCAPED_CHARS = 128;

    private UntrustedText() {}

    /**
     * The request's experimentId as it may be shown: the id itself when it matches the schema's
     * pattern, else its first 128 characters with every character but letters, digits and {@code .-_:}
     * %-escaped as UTF-8 bytes (reversible, and no valid id can equal it: "../../x" → "..%2F..%2Fx");
     * a non-string id by its JSON text, escaped the same way (424242 → "424242", {"a":1} →
     * "%7B%22a%22%3A1%7D"); {@code unknown} when there is none.
     */
    public static String experimentId(JsonNode request) {
        JsonNode id = request.path("experimentId");
        if (id.isMissingNode() || id.isNull() || id.isTextual() && id.asText().isEmpty()) {
            return "unknown";
        }
        if (!id.isTextual()) {
            return percentEscaped(id.toString());
        }
        return validExperimentId(request).orElseGet(() -> percentEscaped(id.asText()));
    }

    /** The request's experimentId when it is a string matching the schema's pattern. */
    public static Optional<String> validExperimentId(JsonNode request) {
        JsonNode id = request.path("experimentId");
        return id.isTextual() && EXPERIMENT_ID.matcher(id.asText()).matches()
                ? Optional.of(id.asText())
                : Optional.empty();
    }

    private static String percentEscaped(String raw) {
        StringBuilder out = new StringBuilder();
        String head = raw.length() > MAX_ESCAPED_CHARS ? raw.substring(0, MAX_ESCAPED_CHARS) : raw;
        for (byte b : head.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || ".-_:".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return raw.length() > MAX_ESCAPED_CHARS ? out + "..." : out.toString();
    }

    /** A message for the log: control characters (newlines included) as \\uXXXX, so one event stays one line. */
    public static String forLog(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.chars().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.append((char) c);
            }
        });
        return out.toString();
    }
}
