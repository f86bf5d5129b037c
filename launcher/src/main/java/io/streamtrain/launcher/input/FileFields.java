package io.streamtrain.launcher.input;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The field names a file's records carry, as {@code produce} and {@code score} read them before sending or scoring: a
 * CSV file's header row, or the names of a JSON Lines file's first record (its first non-blank line). The first record
 * stands for the file, as a header does: a file whose first record lacks a field usually lacks it everywhere.
 *
 * @param fields      the names, in file order
 * @param description where they were read, for messages: {@code the header of sales.csv}, {@code the first record of
 *                    sales.jsonl (line 1)}
 * @param unit        what one name is called there: {@code column} or {@code field}
 */
public record FileFields(List<String> fields, String description, String unit) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public FileFields {
        fields = List.copyOf(fields);
    }

    /**
     * @throws IllegalArgumentException for an empty file, or a JSON Lines file whose first record is not a JSON object
     */
    public static FileFields of(Path file, InputFormat format) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return format == InputFormat.CSV ? header(file, reader) : firstRecord(file, reader);
        }
    }

    private static FileFields header(Path file, BufferedReader reader) throws IOException {
        String header = reader.readLine();
        if (header == null) {
            throw new IllegalArgumentException(file + " is empty: a CSV file starts with a header row naming the fields");
        }
        List<String> cells = CsvLineParser.cells(RecordLines.stripBom(header)).stream().map(String::strip).toList();
        return new FileFields(cells, "the header of " + file, "column");
    }

    private static FileFields firstRecord(Path file, BufferedReader reader) throws IOException {
        long lineNumber = 0;
        String line;
        do {
            line = reader.readLine();
            lineNumber++;
        } while (line != null && line.isBlank());
        if (line == null) {
            throw new IllegalArgumentException(file + " has no record: a JSON Lines file holds one JSON object per line");
        }
        JsonNode record;
        try {
            record = JSON.readTree(lineNumber == 1 ? RecordLines.stripBom(line) : line);
        } catch (JacksonException e) {
            record = null;
        }
        if (record == null || !record.isObject()) {
            throw new IllegalArgumentException("line " + lineNumber + " of " + file + " is not a JSON object: a JSON Lines file "
                    + "holds one JSON object per line (use a .csv extension for a CSV file). Nothing was done.");
        }
        List<String> names = new ArrayList<>();
        record.fieldNames().forEachRemaining(names::add);
        return new FileFields(names, "the first record of " + file + " (line " + lineNumber + ")", "field");
    }
}
