package io.streamtrain.launcher.input;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * The fields every record must carry, as the input decoder reads them: those neither nullable nor with a default. A CSV
 * file whose header lacks one of them would have every row refused, so {@code produce} and {@code score} check the header
 * before they send or score anything.
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
     * Checks the header row of a CSV file; a JSON Lines file has no header, so each of its records is checked on its own.
     * A missing string id column is not an error: each row gets a {@link GeneratedId generated id}.
     *
     * @throws IllegalArgumentException starting with {@value #MISSING_FIELD}, naming every required column the header lacks
     */
    public static void requireColumns(Path file, InputFormat format, Schema schema, String idField) throws IOException {
        if (format != InputFormat.CSV) {
            return;
        }
        String header;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            header = reader.readLine();
        }
        if (header == null) {
            throw new IllegalArgumentException(file + " is empty: a CSV file starts with a header row naming the fields");
        }
        List<String> cells = CsvLineParser.cells(RecordLines.stripBom(header));
        Set<String> columns = new HashSet<>();
        cells.forEach(cell -> columns.add(cell.strip()));
        if (GeneratedId.forFile(file, cells, schema, idField) != null) {
            columns.add(idField);
        }
        List<String> missing = of(schema).stream().filter(field -> !columns.contains(field)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(MISSING_FIELD + ": the header of " + file + " lacks the column"
                    + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing) + ", which schema " + schema.getFullName()
                    + " requires (not nullable, no default); add the column"
                    + (missing.size() == 1 ? "" : "s") + " or make the field nullable in the schema. Nothing was done.");
        }
    }

    private static boolean acceptsNull(Schema schema) {
        return schema.getType() == Schema.Type.NULL
                || schema.getType() == Schema.Type.UNION && schema.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
    }
}
