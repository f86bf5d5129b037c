package io.streamtrain.launcher.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Turns CSV rows into the JSON objects the input topic accepts, typed by the pipeline's input schema: cells of
 * numeric fields become JSON numbers, of boolean fields {@code true}/{@code false}, an empty cell is null, anything
 * else is a string. A cell that does not parse as its field's type is passed on as a string, so that the streams-app
 * dead-letters the record with its reason instead of the record being dropped here. Columns the schema does not
 * know are passed on too (the streams-app ignores them).
 */
final class CsvToJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private enum Kind { INTEGER, DECIMAL, BOOLEAN, TEXT }

    private final List<String> columns;
    private final List<Kind> kinds;
    private final GeneratedId generatedId;

    /**
     * @param header      the header row's cells
     * @param generatedId the id to give each row when the header lacks the id column, or null
     * @throws IllegalArgumentException for an empty or duplicate column name
     */
    CsvToJson(List<String> header, Schema schema, GeneratedId generatedId) {
        this.generatedId = generatedId;
        Map<String, Integer> seen = new HashMap<>();
        this.columns = List.copyOf(header);
        this.kinds = new ArrayList<>(header.size());
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i).strip();
            if (column.isEmpty()) {
                throw new IllegalArgumentException("the CSV header has an empty column name at column " + (i + 1));
            }
            Integer previous = seen.put(column, i);
            if (previous != null) {
                throw new IllegalArgumentException("the CSV header names column '" + column + "' twice (columns "
                        + (previous + 1) + " and " + (i + 1) + ")");
            }
            Schema.Field field = schema.getField(column);
            kinds.add(field == null ? Kind.TEXT : kindOf(field.schema()));
        }
    }

    /**
     * @param line the row's line number, for a generated id
     * @throws IllegalArgumentException when the row has another number of cells than the header
     */
    byte[] toJson(List<String> cells, long line) {
        if (cells.size() != columns.size()) {
            throw new IllegalArgumentException("the row has " + cells.size() + " cells, the header " + columns.size());
        }
        ObjectNode object = JSON.createObjectNode();
        for (int i = 0; i < cells.size(); i++) {
            put(object, columns.get(i).strip(), kinds.get(i), cells.get(i));
        }
        if (generatedId != null) {
            object.put(generatedId.field(), generatedId.forLine(line));
        }
        try {
            return JSON.writeValueAsBytes(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON object", e);
        }
    }

    private static void put(ObjectNode object, String name, Kind kind, String cell) {
        if (cell.isEmpty()) {
            object.putNull(name);
            return;
        }
        switch (kind) {
            case INTEGER -> {
                try {
                    object.put(name, Long.parseLong(cell.strip()));
                } catch (NumberFormatException e) {
                    object.put(name, cell);
                }
            }
            case DECIMAL -> {
                try {
                    object.put(name, Double.parseDouble(cell.strip()));
                } catch (NumberFormatException e) {
                    object.put(name, cell);
                }
            }
            case BOOLEAN -> {
                String value = cell.strip();
                if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                    object.put(name, Boolean.parseBoolean(value));
                } else {
                    object.put(name, cell);
                }
            }
            case TEXT -> object.put(name, cell);
        }
    }

    private static Kind kindOf(Schema schema) {
        Schema type = schema;
        if (type.getType() == Schema.Type.UNION) {
            type = type.getTypes().stream().filter(branch -> branch.getType() != Schema.Type.NULL).findFirst().orElse(type);
        }
        return switch (type.getType()) {
            case INT, LONG -> Kind.INTEGER;
            case FLOAT, DOUBLE -> Kind.DECIMAL;
            case BOOLEAN -> Kind.BOOLEAN;
            default -> Kind.TEXT;
        };
    }
}
