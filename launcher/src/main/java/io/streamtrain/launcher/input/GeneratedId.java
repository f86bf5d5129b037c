package io.streamtrain.launcher.input;

import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The id a CSV row gets when the file has no id column and the schema's id field is a string: the file's name and the
 * row's line number ({@code sales.csv:17}), unique within the file and the same every time the file is read, so that the
 * split and the join of late labels stay stable.
 *
 * @param field  the schema's id field
 * @param prefix the file's name
 */
public record GeneratedId(String field, String prefix) {

    /** The generated id of the row on {@code line} (1-based, the header is line 1). */
    public String forLine(long line) {
        return prefix + ":" + line;
    }

    /**
     * The id to generate for {@code file}, or null when the header has the id column or the field is not a string
     * (then a missing id is reported, not made up).
     */
    public static GeneratedId forFile(Path file, List<String> header, Schema schema, String idField) {
        Schema.Field field = schema.getField(idField);
        if (field == null || header.stream().map(String::strip).anyMatch(idField::equals) || !isString(field.schema())) {
            return null;
        }
        return new GeneratedId(idField, file.getFileName().toString());
    }

    private static boolean isString(Schema schema) {
        return schema.getType() == Schema.Type.STRING || schema.getType() == Schema.Type.UNION
                && schema.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.STRING);
    }
}
