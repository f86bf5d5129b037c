package io.streamtrain.schemas;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.streamtrain.schemas.RecordDecodingException.Kind;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads a plain JSON object (not Avro's JSON encoding: optional fields are written as plain values) as a
 * record of an Avro schema. Fields missing from the object take the schema default; unknown fields are
 * ignored; numbers must be JSON numbers; {@code timestamp-millis} fields accept epoch milliseconds or an
 * ISO-8601 instant; enum values must be one of the symbols. A field of the schema that occurs twice makes the record
 * invalid (which value was meant is unknowable, and taking either silently changed ids and labels); a repeated field
 * the schema lacks is ignored like any unknown field.
 *
 * <p>The object is read token by token from a {@link JsonParser}, straight into the record, without building a
 * JSON tree first. When several fields are wrong, the error names the first of them in schema order.
 */
final class JsonRecordReader {

    private static final int SHOWN_LENGTH = 80;

    private final Schema schema;
    private final List<Schema.Field> fields;
    /** Field names as Jackson hands them out (interned), so the expected next field is found by identity. */
    private final String[] names;
    private final Map<String, Integer> positions = new HashMap<>();
    /** Each union field's non-null branches in the order they are tried, worked out once per schema. */
    private final Map<Schema, List<Schema>> unionBranches = new IdentityHashMap<>();

    JsonRecordReader(Schema schema) {
        this.schema = schema;
        this.fields = schema.getFields();
        this.names = fields.stream().map(field -> field.name().intern()).toArray(String[]::new);
        for (Schema.Field field : fields) {
            positions.put(field.name(), field.pos());
            if (field.schema().getType() == Schema.Type.UNION) {
                // A string branch accepts any scalar, so it goes last: ["string", "double"] must still read 2.5 as a number.
                unionBranches.put(field.schema(), field.schema().getTypes().stream()
                        .filter(s -> s.getType() != Schema.Type.NULL)
                        .sorted(Comparator.comparing(s -> s.getType() == Schema.Type.STRING))
                        .toList());
            }
        }
    }

    /** Reads an already parsed JSON value, which must be an object. */
    GenericRecord read(JsonNode object) {
        try (JsonParser parser = object.traverse()) {
            parser.nextToken();
            return read(parser).resolve();
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree in memory is always readable", e);
        }
    }

    /**
     * Reads the value at the parser's current token, which must start an object, up to and including its end.
     * Syntax errors surface from the parser as they are met; type errors wait for {@link Pending#resolve()}, so a
     * caller can first check that the whole input is well-formed JSON.
     */
    Pending read(JsonParser parser) throws IOException {
        JsonToken start = parser.currentToken();
        if (start != JsonToken.START_OBJECT) {
            if (start != null && start.isStructStart()) {
                parser.skipChildren();
            }
            return Pending.failed(new RecordDecodingException(Kind.INVALID, "expected a JSON object, got " + kindOf(start)));
        }
        Object[] values = new Object[fields.size()];
        boolean[] present = new boolean[fields.size()];
        // Type errors are rare: their array exists only once there is one.
        RecordDecodingException[] errors = null;
        int expected = 0;
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            JsonToken token = parser.nextToken();
            int position = positionOf(name, expected);
            if (position < 0) {
                parser.skipChildren();
                continue;
            }
            expected = position + 1;
            Schema.Field field = fields.get(position);
            if (present[position]) {
                // Known from the fields already seen, so this costs nothing on the usual path.
                if (errors == null) {
                    errors = new RecordDecodingException[fields.size()];
                }
                errors[position] = new RecordDecodingException(Kind.INVALID, "field " + name + " occurs more than once in the "
                        + "object; give each field once");
                parser.skipChildren();
                continue;
            }
            present[position] = true;
            try {
                values[position] = token == JsonToken.VALUE_NULL ? explicitNull(field) : convert(name, field.schema(), parser);
            } catch (RecordDecodingException e) {
                if (errors == null) {
                    errors = new RecordDecodingException[fields.size()];
                }
                errors[position] = e;
            }
            parser.skipChildren();
        }
        return new Pending(this, values, present, errors, null);
    }

    /**
     * The position of field {@code name}, or -1 for a field the schema lacks. Objects usually list fields in schema
     * order, so the field after the previous one is tried first, by identity with Jackson's interned names.
     */
    private int positionOf(String name, int expected) {
        if (expected < names.length && names[expected] == name) {
            return expected;
        }
        Integer position = positions.get(name);
        return position == null ? -1 : position;
    }

    /** A record read from JSON whose type errors, if any, are thrown by {@link #resolve()}. */
    static final class Pending {

        private final JsonRecordReader reader;
        private final Object[] values;
        private final boolean[] present;
        /** The type error of each field, or null when no field had one. */
        private final RecordDecodingException[] errors;
        private final RecordDecodingException failure;

        private Pending(JsonRecordReader reader, Object[] values, boolean[] present, RecordDecodingException[] errors,
                        RecordDecodingException failure) {
            this.reader = reader;
            this.values = values;
            this.present = present;
            this.errors = errors;
            this.failure = failure;
        }

        private static Pending failed(RecordDecodingException failure) {
            return new Pending(null, null, null, null, failure);
        }

        /** The record, or the first type error in schema order. */
        GenericRecord resolve() {
            if (failure != null) {
                throw failure;
            }
            GenericData.Record record = new GenericData.Record(reader.schema);
            for (Schema.Field field : reader.fields) {
                int position = field.pos();
                if (errors != null && errors[position] != null) {
                    throw errors[position];
                }
                record.put(position, present[position] ? values[position] : absent(field));
            }
            return record;
        }
    }

    /** The value of a field the object does not give: its default, else null where the field accepts it. */
    static Object absent(Schema.Field field) {
        if (field.hasDefaultValue()) {
            return GenericData.get().getDefaultValue(field);
        }
        return explicitNull(field);
    }

    private static Object explicitNull(Schema.Field field) {
        if (acceptsNull(field.schema())) {
            return null;
        }
        throw new RecordDecodingException(Kind.INVALID, "field " + field.name() + " is required");
    }

    private Object convert(String name, Schema schema, JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (schema.getType()) {
            case UNION -> convertUnion(name, schema, parser);
            case STRING -> token.isScalarValue() ? parser.getText() : fail(name, "a string", parser);
            case BOOLEAN -> token.isBoolean() ? token == JsonToken.VALUE_TRUE : fail(name, "true or false", parser);
            case INT -> token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT
                    ? parser.getIntValue() : fail(name, "an integer", parser);
            case LONG -> convertLong(name, schema, parser);
            case FLOAT -> token.isNumeric() ? parser.getFloatValue() : nonFinite(name, parser, Float.class);
            case DOUBLE -> token.isNumeric() ? doubleOf(parser) : nonFinite(name, parser, Double.class);
            case ENUM -> convertEnum(name, schema, parser);
            default -> fail(name, "a value of a supported type (" + schema.getType().getName() + " is not supported in JSON input)", parser);
        };
    }

    /**
     * The number at the parser as a double: short decimals, most of a request, converted from the parser's own buffer
     * ({@link DecimalText}), the rest by Jackson. Either way the double nearest the decimal.
     */
    private static double doubleOf(JsonParser parser) throws IOException {
        double fast = DecimalText.parse(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        return Double.isNaN(fast) ? parser.getDoubleValue() : fast;
    }

    private Object convertUnion(String name, Schema union, JsonParser parser) throws IOException {
        List<Schema> branches = unionBranches.get(union);
        RecordDecodingException last = null;
        for (Schema branch : branches) {
            try {
                return convert(name, branch, parser);
            } catch (RecordDecodingException e) {
                last = e;
            }
        }
        throw last != null ? last : new RecordDecodingException(Kind.INVALID, "field " + name + " only accepts null");
    }

    private static Object convertLong(String name, Schema schema, JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return parser.getLongValue();
        }
        if (token == JsonToken.VALUE_STRING && schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
            try {
                return Instant.parse(parser.getText()).toEpochMilli();
            } catch (DateTimeParseException e) {
                return fail(name, "epoch milliseconds or an ISO-8601 instant", parser);
            }
        }
        return fail(name, "a whole number", parser);
    }

    /** JSON has no NaN or infinity; accept the usual spellings as strings so cleaning can treat them as missing. */
    private static Object nonFinite(String name, JsonParser parser, Class<?> type) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            double value = switch (parser.getText()) {
                case "NaN" -> Double.NaN;
                case "Infinity", "+Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> fail(name, "a number", parser);
            };
            return type == Float.class ? (Object) (float) value : (Object) value;
        }
        return fail(name, "a number", parser);
    }

    private static Object convertEnum(String name, Schema schema, JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING && schema.hasEnumSymbol(parser.getText())) {
            return new GenericData.EnumSymbol(schema, parser.getText());
        }
        return fail(name, "one of " + schema.getEnumSymbols(), parser);
    }

    static boolean acceptsNull(Schema schema) {
        return schema.getType() == Schema.Type.NULL
                || schema.getType() == Schema.Type.UNION && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
    }

    /** Throws the type error; the parser stays on the offending value so that other union branches can try it. */
    private static <T> T fail(String name, String expected, JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        String shown = switch (token) {
            case START_OBJECT, START_ARRAY -> "a JSON " + kindOf(token).toLowerCase(Locale.ROOT);
            case VALUE_STRING -> TextNode.valueOf(parser.getText()).toString();
            default -> parser.getText();
        };
        if (shown.length() > SHOWN_LENGTH) {
            shown = shown.substring(0, SHOWN_LENGTH) + "...";
        }
        throw new RecordDecodingException(Kind.INVALID, "field " + name + ": expected " + expected + ", got " + shown);
    }

    /** The JSON kind of the value starting at {@code token}, named as Jackson's node types are. */
    private static String kindOf(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "OBJECT";
            case START_ARRAY -> "ARRAY";
            case VALUE_STRING -> "STRING";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "NUMBER";
            case VALUE_TRUE, VALUE_FALSE -> "BOOLEAN";
            case VALUE_NULL -> "NULL";
            default -> token.name();
        };
    }
}
