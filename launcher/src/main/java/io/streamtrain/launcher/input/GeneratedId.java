package io.streamtrain.launcher.input;

import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The id a record gets when the file has no id column (CSV) or its first record has no id (JSON Lines) and the
 * schema's id field is a string: the file's name and the record's line number ({@code sales.csv:17}), unique within the file and the same every time the file is read, so that the
 * split and the join of late labels stay stable.
 *
 * @param field  the schema's id field
 * @param prefix the file's name
 */
public record GeneratedId(String field, String prefix) {

    /** The generated id of the record on {@code line} (1-based; a CSV file's header is line 1). */
    public String forLine(long line) {
        return prefix + ":" + line;
    }

    /**
     * The id to generate for {@code file}, or null when its fields (the CSV header, or the first JSON record's names)
     * include the id or the field is not a string (then a missing id is reported, not made up).
     */
    public static GeneratedId forFile(Path file, List<String> fields, Schema schema, String idField) {
        Schema.Field field = schema.getField(idField);
        if (field == null || fields.stream().map(String::strip).anyMatch(idField::equals) || !isString(field.schema())) {
            return null;
        }
        return new GeneratedId(idField, file.getFileName().toString());
    }

    private static boolean isString(Schema schema) {
        return schema.getType() == Schema.Type.STRING || schema.getType() == Schema.Type.UNION
                && schema.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.STRING);
    }
}
