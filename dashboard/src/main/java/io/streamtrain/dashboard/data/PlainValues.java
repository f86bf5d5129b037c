package io.streamtrain.dashboard.data;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.IndexedRecord;

/**
 * Turns Avro values into the plain values a JSON writer understands: a record into a map of its fields in schema
 * order, an array into a list, a map into a map with text keys, an instant into epoch milliseconds, an enum into
 * its symbol, bytes into their length. The schema stays the one definition of what the JSON holds, so a field added
 * to an envelope reaches the pages without a second definition here.
 */
final class PlainValues {

    private PlainValues() {
    }

    static Object of(Object value) {
        return switch (value) {
            case null -> null;
            case IndexedRecord record -> record(record);
            case List<?> list -> {
                List<Object> plain = new ArrayList<>(list.size());
                list.forEach(item -> plain.add(of(item)));
                yield Collections.unmodifiableList(plain);
            }
            case Map<?, ?> map -> {
                Map<String, Object> plain = new LinkedHashMap<>();
                map.forEach((key, item) -> plain.put(String.valueOf(key), of(item)));
                yield Collections.unmodifiableMap(plain);
            }
            case Instant instant -> instant.toEpochMilli();
            case ByteBuffer bytes -> bytes.remaining();
            case GenericContainer other -> String.valueOf(other);
            case CharSequence text -> text.toString();
            case Enum<?> symbol -> symbol.name();
            default -> value;
        };
    }

    /** The record's fields in schema order; {@code null} fields are kept, so the pages can say "none". */
    static Map<String, Object> record(IndexedRecord record) {
        Map<String, Object> plain = new LinkedHashMap<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            plain.put(field.name(), of(record.get(field.pos())));
        }
        return Collections.unmodifiableMap(plain);
    }
}
