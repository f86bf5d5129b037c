package io.streamtrain.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtrain.schemas.RecordDecodingException.Kind;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads a plain JSON object (not Avro's JSON encoding: optional fields are written as plain values) as a
 * record of an Avro schema. Fields missing from the object take the schema default; unknown fields are
 * ignored; numbers must be JSON numbers; {@code timestamp-millis} fields accept epoch milliseconds or an
 * ISO-8601 instant; enum values must be one of the symbols.
 */
final class JsonRecordReader {

    private final Schema schema;
    /** Each union field's non-null branches in the order they are tried, worked out once per schema. */
    private final Map<Schema, List<Schema>> unionBranches = new IdentityHashMap<>();

    JsonRecordReader(Schema schema) {
        this.schema = schema;
        for (Schema.Field field : schema.getFields()) {
            if (field.schema().getType() == Schema.Type.UNION) {
                // A string branch accepts any scalar, so it goes last: ["string", "double"] must still read 2.5 as a number.
                unionBranches.put(field.schema(), field.schema().getTypes().stream()
                        .filter(s -> s.getType() != Schema.Type.NULL)
                        .sorted(Comparator.comparing(s -> s.getType() == Schema.Type.STRING))
                        .toList());
            }
        }
    }

    GenericRecord read(JsonNode object) {
        if (!object.isObject()) {
            throw new RecordDecodingException(Kind.INVALID, "expected a JSON object, got " + object.getNodeType());
        }
        GenericData.Record record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
            JsonNode node = object.get(field.name());
            if (node == null || node.isNull()) {
                record.put(field.pos(), absent(field, node));
            } else {
                record.put(field.pos(), convert(field.name(), field.schema(), node));
            }
        }
        return record;
    }

    private static Object absent(Schema.Field field, JsonNode node) {
        if (node == null && field.hasDefaultValue()) {
            return GenericData.get().getDefaultValue(field);
        }
        if (acceptsNull(field.schema())) {
            return null;
        }
        throw new RecordDecodingException(Kind.INVALID, "field " + field.name() + " is required");
    }

    private Object convert(String name, Schema schema, JsonNode node) {
        return switch (schema.getType()) {
            case UNION -> convertUnion(name, schema, node);
            case STRING -> node.isValueNode() ? node.asText() : fail(name, "a string", node);
            case BOOLEAN -> node.isBoolean() ? node.booleanValue() : fail(name, "true or false", node);
            case INT -> node.canConvertToInt() && node.isIntegralNumber() ? node.intValue() : fail(name, "an integer", node);
            case LONG -> convertLong(name, schema, node);
            case FLOAT -> node.isNumber() ? node.floatValue() : nonFinite(name, node, Float.class);
            case DOUBLE -> node.isNumber() ? node.doubleValue() : nonFinite(name, node, Double.class);
            case ENUM -> convertEnum(name, schema, node);
            default -> fail(name, "a value of a supported type (" + schema.getType().getName() + " is not supported in JSON input)", node);
        };
    }

    private Object convertUnion(String name, Schema union, JsonNode node) {
        List<Schema> branches = unionBranches.get(union);
        RecordDecodingException last = null;
        for (Schema branch : branches) {
            try {
                return convert(name, branch, node);
            } catch (RecordDecodingException e) {
                last = e;
            }
        }
        throw last != null ? last : new RecordDecodingException(Kind.INVALID, "field " + name + " only accepts null");
    }

    private static Object convertLong(String name, Schema schema, JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isTextual() && schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
            try {
                return Instant.parse(node.asText()).toEpochMilli();
            } catch (DateTimeParseException e) {
                return fail(name, "epoch milliseconds or an ISO-8601 instant", node);
            }
        }
        return fail(name, "a whole number", node);
    }

    /** JSON has no NaN or infinity; accept the usual spellings as strings so cleaning can treat them as missing. */
    private static Object nonFinite(String name, JsonNode node, Class<?> type) {
        if (node.isTextual()) {
            double value = switch (node.asText()) {
                case "NaN" -> Double.NaN;
                case "Infinity", "+Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> fail(name, "a number", node);
            };
            return type == Float.class ? (Object) (float) value : (Object) value;
        }
        return fail(name, "a number", node);
    }

    private static Object convertEnum(String name, Schema schema, JsonNode node) {
        if (node.isTextual() && schema.hasEnumSymbol(node.asText())) {
            return new GenericData.EnumSymbol(schema, node.asText());
        }
        return fail(name, "one of " + schema.getEnumSymbols(), node);
    }

    private static boolean acceptsNull(Schema schema) {
        return schema.getType() == Schema.Type.NULL
                || schema.getType() == Schema.Type.UNION && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
    }

    private static <T> T fail(String name, String expected, JsonNode node) {
        String shown = node.toString();
        if (shown.length() > 80) {
            shown = shown.substring(0, 80) + "...";
        }
        throw new RecordDecodingException(Kind.INVALID, "field " + name + ": expected " + expected + ", got " + shown);
    }
}
