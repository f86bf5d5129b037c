package io.streamtrain.schemas;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads the common input record straight from its bytes, without a JSON parser: one flat JSON object whose members are
 * fields of the schema, each given once, holding plain values (numbers, {@code true}/{@code false}, {@code null} where
 * the field accepts it, and strings of printable ASCII without escapes). Anything else (an unknown or repeated field,
 * an escape, a non-ASCII byte, a nested value, a number outside JSON's grammar or the fast conversion, a value of
 * another type than the field's, any syntax error) makes {@link #read} answer null, and the caller reads the bytes with
 * {@link JsonRecordReader}, which stays the one definition of the format and of every error message. What this class
 * accepts it reads to the very values {@link JsonRecordReader} reads: numbers through the same {@link DecimalText}, and
 * absent fields through the same defaults.
 *
 * <p>Scoring reads one such record per request, and a general parser's tokens, name symbol table and number buffers cost
 * most of a request's CPU there. Immutable and thread-safe.
 */
final class FlatJsonRecordReader {

    /** Longer numbers are left to Jackson, which also enforces its own length limit on them. */
    private static final int MAX_NUMBER_CHARS = 64;
    /** Integers with at most this many digits fit a long whatever their digits. */
    private static final int MAX_LONG_DIGITS = 18;

    /** The value types read here; any other field type is left to {@link JsonRecordReader} when the field occurs. */
    private enum ValueKind { DOUBLE, LONG, INT, BOOLEAN, STRING, OTHER }

    private final Schema schema;
    private final List<Schema.Field> fields;
    private final byte[][] names;
    private final ValueKind[] kinds;
    private final boolean[] nullable;

    FlatJsonRecordReader(Schema schema) {
        this.schema = schema;
        this.fields = schema.getFields();
        this.names = new byte[fields.size()][];
        this.kinds = new ValueKind[fields.size()];
        this.nullable = new boolean[fields.size()];
        for (Schema.Field field : fields) {
            names[field.pos()] = field.name().getBytes(StandardCharsets.US_ASCII);
            kinds[field.pos()] = kindOf(field.schema());
            nullable[field.pos()] = JsonRecordReader.acceptsNull(field.schema());
        }
    }

    /** The record in {@code bytes}, or null when they are not the plain case this class reads. */
    GenericRecord read(byte[] bytes) {
        int at = skipWhitespace(bytes, 0);
        if (at >= bytes.length || bytes[at] != '{') {
            return null;
        }
        Object[] values = new Object[fields.size()];
        boolean[] present = new boolean[fields.size()];
        char[] number = null;
        int expected = 0;
        at = skipWhitespace(bytes, at + 1);
        if (at < bytes.length && bytes[at] == '}') {
            at++;
        } else {
            while (true) {
                if (at >= bytes.length || bytes[at] != '"') {
                    return null;
                }
                int nameEnd = plainStringEnd(bytes, at + 1);
                if (nameEnd < 0) {
                    return null;
                }
                int position = positionOf(bytes, at + 1, nameEnd, expected);
                if (position < 0 || present[position]) {
                    return null;
                }
                at = skipWhitespace(bytes, nameEnd + 1);
                if (at >= bytes.length || bytes[at] != ':') {
                    return null;
                }
                at = skipWhitespace(bytes, at + 1);
                if (at >= bytes.length) {
                    return null;
                }
                int end;
                if (bytes[at] == 'n') {
                    end = literalEnd(bytes, at, "null");
                    if (end < 0 || !nullable[position]) {
                        return null;
                    }
                    values[position] = null;
                } else {
                    switch (kinds[position]) {
                        case DOUBLE -> {
                            end = numberEnd(bytes, at);
                            if (end < 0 || end - at > MAX_NUMBER_CHARS) {
                                return null;
                            }
                            if (number == null) {
                                number = new char[MAX_NUMBER_CHARS];
                            }
                            for (int i = at; i < end; i++) {
                                number[i - at] = (char) bytes[i];
                            }
                            double value = DecimalText.parse(number, 0, end - at);
                            if (Double.isNaN(value)) {
                                return null;
                            }
                            values[position] = value;
                        }
                        case LONG, INT -> {
                            end = numberEnd(bytes, at);
                            if (end < 0 || !isWholeNumber(bytes, at, end)) {
                                return null;
                            }
                            long value = wholeNumber(bytes, at, end);
                            if (kinds[position] == ValueKind.LONG) {
                                values[position] = value;
                            } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
                                values[position] = (int) value;
                            } else {
                                return null;
                            }
                        }
                        case BOOLEAN -> {
                            end = bytes[at] == 't' ? literalEnd(bytes, at, "true") : literalEnd(bytes, at, "false");
                            if (end < 0) {
                                return null;
                            }
                            values[position] = bytes[at] == 't';
                        }
                        case STRING -> {
                            if (bytes[at] != '"') {
                                return null;
                            }
                            int close = plainStringEnd(bytes, at + 1);
                            if (close < 0) {
                                return null;
                            }
                            values[position] = new String(bytes, at + 1, close - at - 1, StandardCharsets.ISO_8859_1);
                            end = close + 1;
                        }
                        default -> {
                            return null;
                        }
                    }
                }
                present[position] = true;
                expected = position + 1;
                at = skipWhitespace(bytes, end);
                if (at >= bytes.length) {
                    return null;
                }
                if (bytes[at] == '}') {
                    at++;
                    break;
                }
                if (bytes[at] != ',') {
                    return null;
                }
                at = skipWhitespace(bytes, at + 1);
            }
        }
        if (skipWhitespace(bytes, at) != bytes.length) {
            return null;
        }
        GenericData.Record record = new GenericData.Record(schema);
        for (Schema.Field field : fields) {
            int position = field.pos();
            if (present[position]) {
                record.put(position, values[position]);
            } else if (field.hasDefaultValue() || nullable[position]) {
                record.put(position, JsonRecordReader.absent(field));
            } else {
                return null; // a required field is missing: JsonRecordReader says so
            }
        }
        return record;
    }

    private static ValueKind kindOf(Schema schema) {
        Schema value = schema;
        if (schema.getType() == Schema.Type.UNION) {
            List<Schema> branches = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
            // With several non-null branches the order they are tried in matters: JsonRecordReader decides.
            if (branches.size() != 1) {
                return ValueKind.OTHER;
            }
            value = branches.getFirst();
        }
        return switch (value.getType()) {
            case DOUBLE -> ValueKind.DOUBLE;
            case LONG -> ValueKind.LONG;
            case INT -> ValueKind.INT;
            case BOOLEAN -> ValueKind.BOOLEAN;
            case STRING -> ValueKind.STRING;
            default -> ValueKind.OTHER;
        };
    }

    /**
     * The position of the field named by {@code bytes[start, end)}, or -1 for a name the schema lacks. Objects usually
     * list fields in schema order, so the field after the previous one is tried first.
     */
    private int positionOf(byte[] bytes, int start, int end, int expected) {
        if (expected < names.length && matches(names[expected], bytes, start, end)) {
            return expected;
        }
        for (int i = 0; i < names.length; i++) {
            if (matches(names[i], bytes, start, end)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matches(byte[] name, byte[] bytes, int start, int end) {
        return end - start == name.length && Arrays.equals(name, 0, name.length, bytes, start, end);
    }

    /** The index of the closing quote of a string starting at {@code from}, or -1 unless it is printable ASCII without escapes. */
    private static int plainStringEnd(byte[] bytes, int from) {
        for (int at = from; at < bytes.length; at++) {
            byte b = bytes[at];
            if (b == '"') {
                return at;
            }
            if (b < 0x20 || b == '\\' || b == 0x7F) { // bytes of multi-byte UTF-8 are negative
                return -1;
            }
        }
        return -1;
    }

    /** The end of {@code literal} at {@code at}, or -1 when another text stands there. */
    private static int literalEnd(byte[] bytes, int at, String literal) {
        if (at + literal.length() > bytes.length) {
            return -1;
        }
        for (int i = 0; i < literal.length(); i++) {
            if (bytes[at + i] != literal.charAt(i)) {
                return -1;
            }
        }
        return at + literal.length();
    }

    /**
     * The end of the JSON number at {@code at} ({@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}), or -1
     * when none starts there. What follows is checked by the caller: only whitespace, a comma or a brace may.
     */
    private static int numberEnd(byte[] bytes, int at) {
        int n = bytes.length;
        if (at < n && bytes[at] == '-') {
            at++;
        }
        if (at >= n || !isDigit(bytes[at])) {
            return -1;
        }
        if (bytes[at] == '0') {
            at++;
        } else {
            at = digitsEnd(bytes, at);
        }
        if (at < n && bytes[at] == '.') {
            int fraction = digitsEnd(bytes, at + 1);
            if (fraction == at + 1) {
                return -1;
            }
            at = fraction;
        }
        if (at < n && (bytes[at] == 'e' || bytes[at] == 'E')) {
            at++;
            if (at < n && (bytes[at] == '+' || bytes[at] == '-')) {
                at++;
            }
            int exponent = digitsEnd(bytes, at);
            if (exponent == at) {
                return -1;
            }
            at = exponent;
        }
        return at;
    }

    /** Whether the number in {@code bytes[start, end)} is an integer of at most {@value #MAX_LONG_DIGITS} digits. */
    private static boolean isWholeNumber(byte[] bytes, int start, int end) {
        int digits = bytes[start] == '-' ? end - start - 1 : end - start;
        return digitsEnd(bytes, bytes[start] == '-' ? start + 1 : start) == end && digits <= MAX_LONG_DIGITS;
    }

    private static long wholeNumber(byte[] bytes, int start, int end) {
        boolean negative = bytes[start] == '-';
        long value = 0;
        for (int at = negative ? start + 1 : start; at < end; at++) {
            value = value * 10 + (bytes[at] - '0');
        }
        return negative ? -value : value;
    }

    private static int digitsEnd(byte[] bytes, int at) {
        while (at < bytes.length && isDigit(bytes[at])) {
            at++;
        }
        return at;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static int skipWhitespace(byte[] bytes, int at) {
        while (at < bytes.length && (bytes[at] == ' ' || bytes[at] == '\t' || bytes[at] == '\n' || bytes[at] == '\r')) {
            at++;
        }
        return at;
    }
}
