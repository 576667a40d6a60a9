package org.knlab.settings;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.knlab.errors.InvalidParameterException;
import org.knlab.errors.KnException;

/**
 * Reads a step's {@code params} (JSON) into its settings record, the one contract the Kafka step
 * and the CLI command share. Jackson fills the record's components (absent = null); the record's
 * compact constructor puts in its defaults and checks its bounds. Unknown names, wrong types and
 * out-of-range numbers become an {@link InvalidParameterException} whose field is the parameter's
 * name (relative to the step's params), never a Java message.
 */
public final class StepParams {

    private static final ObjectMapper MAPPER = strictMapper();

    private StepParams() {}

    /** The settings that {@code params} (null or empty: all defaults) describe. */
    public static <T extends Record> T read(JsonNode params, Class<T> type) {
        JsonNode given = params == null || params.isNull() ? MAPPER.createObjectNode() : params;
        if (!given.isObject()) {
            throw new InvalidParameterException("", "params must be a JSON object, got " + given.getNodeType());
        }
        Set<String> known = names(type);
        for (String name : (Iterable<String>) given::fieldNames) {
            if (!known.contains(name)) {
                throw new InvalidParameterException(name, "unknown parameter '" + name + "'; this step takes " + known);
            }
        }
        try {
            return MAPPER.treeToValue(given, type);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof KnException k) {
                throw k;
            }
            String field = path(e.getPath());
            throw new InvalidParameterException(
                    field,
                    "'" + field + "' must be " + expected(e, type, field) + ", got "
                            + given.at("/"
                                    + field.replace("[", "/").replace("]", "").replace(".", "/")));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidParameterException("", "unreadable params: " + e.getOriginalMessage());
        }
    }

    /** The settings with every default: what the step runs when given no params. */
    public static <T extends Record> T defaults(Class<T> type) {
        return read(null, type);
    }

    /** The settings as JSON, for reproducibility records and help texts. */
    public static ObjectNode toJson(Record settings) {
        return MAPPER.valueToTree(settings);
    }

    /** The parameter names a settings record takes (components of {@link JsonUnwrapped} parts included). */
    public static Set<String> names(Class<?> type) {
        Set<String> out = new LinkedHashSet<>();
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getAccessor().isAnnotationPresent(JsonUnwrapped.class)) {
                out.addAll(names(c.getType()));
            } else {
                out.add(c.getName());
            }
        }
        return out;
    }

    private static Class<?> componentType(Class<?> type, String name) {
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getAccessor().isAnnotationPresent(JsonUnwrapped.class)) {
                Class<?> inner = componentType(c.getType(), name);
                if (inner != null) {
                    return inner;
                }
            } else if (c.getName().equals(name)) {
                return c.getType();
            }
        }
        return null;
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.isEmpty() ? "" : b.toString();
    }

    /** What the parameter should have been: from Jackson's target type, else the record component's. */
    private static String expected(JsonMappingException e, Class<?> settings, String field) {
        Class<?> t = e instanceof MismatchedInputException m && m.getTargetType() != null
                ? m.getTargetType()
                : componentType(settings, field);
        if (t == null) {
            return "a valid value";
        }
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
            return "an integer in range";
        }
        if (Number.class.isAssignableFrom(t) || t == double.class || t == float.class) {
            return "a number";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "true or false";
        }
        if (t == String.class || t.isEnum()) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(t)) {
            return "an array";
        }
        return "a " + t.getSimpleName();
    }

    /** No silent coercion: "5" is not 5, 2.5 is not an integer, a lone string is not an array. */
    private static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .build();
        for (LogicalType t : List.of(
                LogicalType.Integer, LogicalType.Float, LogicalType.Boolean, LogicalType.Textual, LogicalType.Enum)) {
            mapper.coercionConfigFor(t)
                    .setCoercion(
                            CoercionInputShape.String,
                            t == LogicalType.Textual || t == LogicalType.Enum
                                    ? CoercionAction.TryConvert
                                    : CoercionAction.Fail)
                    .setCoercion(
                            CoercionInputShape.Integer,
                            t == LogicalType.Integer || t == LogicalType.Float
                                    ? CoercionAction.TryConvert
                                    : CoercionAction.Fail)
                    .setCoercion(
                            CoercionInputShape.Float,
                            t == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(
                            CoercionInputShape.Boolean,
                            t == LogicalType.Boolean ? CoercionAction.TryConvert : CoercionAction.Fail);
        }
        return mapper;
    }
}
