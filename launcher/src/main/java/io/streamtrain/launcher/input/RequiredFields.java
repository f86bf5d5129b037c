package io.streamtrain.launcher.input;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * The fields every record must carry, as the input decoder reads them: those neither nullable nor with a default. A file
 * whose header (CSV) or first record (JSON Lines) lacks one of them would have every record refused, so {@code produce}
 * and {@code score} check it before they send or score anything.
 */
public final class RequiredFields {

    /** The reason a file is refused for a missing column, the same word the scorer uses for a missing field. */
    public static final String MISSING_FIELD = "missing-field";

    private RequiredFields() {
    }

    /** The schema's required fields, in schema order. */
    public static List<String> of(Schema schema) {
        return schema.getFields().stream().filter(field -> !field.hasDefaultValue() && !acceptsNull(field.schema()))
                .map(Schema.Field::name).toList();
    }

    /**
     * Checks the header row of a CSV file, or the first record of a JSON Lines file, which stands for the file as a
     * header does. A missing string id is not an error: each record without one gets a {@link GeneratedId generated id}.
     *
     * @throws IllegalArgumentException starting with {@value #MISSING_FIELD}, naming every required field the file lacks;
     *                                  or for an empty file, or a JSON Lines file whose first record is not a JSON object
     */
    public static void requireColumns(Path file, InputFormat format, Schema schema, String idField) throws IOException {
        FileFields found = FileFields.of(file, format);
        Set<String> present = new HashSet<>(found.fields());
        if (GeneratedId.forFile(file, found.fields(), schema, idField) != null) {
            present.add(idField);
        }
        List<String> missing = of(schema).stream().filter(field -> !present.contains(field)).toList();
        if (!missing.isEmpty()) {
            String plural = missing.size() == 1 ? "" : "s";
            throw new IllegalArgumentException(MISSING_FIELD + ": " + found.description() + " lacks the " + found.unit() + plural
                    + " " + String.join(", ", missing) + ", which schema " + schema.getFullName()
                    + " requires (not nullable, no default); add the " + found.unit() + plural
                    + " or make the field" + plural + " nullable in the schema. Nothing was done.");
        }
    }

    private static boolean acceptsNull(Schema schema) {
        return schema.getType() == Schema.Type.NULL
                || schema.getType() == Schema.Type.UNION && schema.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
    }
}
