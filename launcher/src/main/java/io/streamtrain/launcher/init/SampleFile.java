package io.streamtrain.launcher.init;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.launcher.input.CsvLineParser;
import io.streamtrain.launcher.input.InputFormat;
import io.streamtrain.launcher.input.RecordLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of a CSV or JSON Lines file, profiled over its first rows: their order, what their values look like, and the
 * span of each timestamp column.
 *
 * @param file    the file read
 * @param rows    the rows profiled
 * @param columns every column, in file order (for JSON Lines, in the order the keys first appear)
 */
record SampleFile(Path file, long rows, List<ColumnProfile> columns) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param maxRows how many rows to profile
     * @throws IllegalArgumentException for an empty file, a row that is not CSV or JSON, or a header that cannot name fields
     */
    static SampleFile read(Path file, InputFormat format, long maxRows) throws IOException {
        Map<String, ColumnProfile> columns = new LinkedHashMap<>();
        long rows = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = format == InputFormat.CSV ? header(file, reader.readLine()) : List.of();
            header.forEach(name -> columns.put(name, new ColumnProfile(name)));
            long lineNumber = format == InputFormat.CSV ? 1 : 0;
            String line;
            while (rows < maxRows && (line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                rows++;
                if (format == InputFormat.CSV) {
                    addCsvRow(file, lineNumber, line, header, columns);
                } else {
                    addJsonRow(file, lineNumber, line, rows - 1, columns);
                }
            }
        }
        if (rows == 0) {
            throw new IllegalArgumentException(file + " has no records to learn the columns from");
        }
        return new SampleFile(file, rows, List.copyOf(columns.values()));
    }

    /** The earliest and latest value of a timestamp column, in epoch milliseconds. */
    static long[] span(Path file, InputFormat format, String column, long maxRows) throws IOException {
        long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = format == InputFormat.CSV ? header(file, reader.readLine()) : List.of();
            int index = header.indexOf(column);
            String line;
            long rows = 0;
            while (rows < maxRows && (line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                rows++;
                String value = format == InputFormat.CSV ? CsvLineParser.cells(line).get(index).strip()
                        : JSON.readTree(line).path(column).asText();
                long millis = value.chars().allMatch(c -> Character.isDigit(c) || c == '-') ? Long.parseLong(value)
                        : Instant.parse(value).toEpochMilli();
                span[0] = Math.min(span[0], millis);
                span[1] = Math.max(span[1], millis);
            }
        }
        return span;
    }

    private static List<String> header(Path file, String line) {
        if (line == null) {
            throw new IllegalArgumentException(file + " is empty: a CSV file starts with a header row naming the fields");
        }
        return CsvLineParser.cells(RecordLines.stripBom(line)).stream().map(String::strip).toList();
    }

    private static void addCsvRow(Path file, long lineNumber, String line, List<String> header, Map<String, ColumnProfile> columns) {
        List<String> cells;
        try {
            cells = CsvLineParser.cells(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " line " + lineNumber + " is not a CSV row: " + e.getMessage());
        }
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException(file + " line " + lineNumber + " has " + cells.size() + " cells, the header "
                    + header.size());
        }
        for (int i = 0; i < cells.size(); i++) {
            columns.get(header.get(i)).add(cells.get(i));
        }
    }

    /** A column first seen after {@code rowsBefore} rows that lacked it. */
    private static ColumnProfile absentSoFar(String name, long rowsBefore) {
        ColumnProfile column = new ColumnProfile(name);
        for (long i = 0; i < rowsBefore; i++) {
            column.add(null);
        }
        return column;
    }

    private static void addJsonRow(Path file, long lineNumber, String line, long rowsBefore, Map<String, ColumnProfile> columns) {
        JsonNode object;
        try {
            object = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " line " + lineNumber + " is not JSON: " + e.getOriginalMessage());
        }
        if (!object.isObject()) {
            throw new IllegalArgumentException(file + " line " + lineNumber + " is not a JSON object");
        }
        List<String> seen = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isContainerNode()) {
                throw new IllegalArgumentException(file + " line " + lineNumber + ": field " + field.getKey()
                        + " holds an array or object; init reads flat records only");
            }
            columns.computeIfAbsent(field.getKey(), name -> absentSoFar(name, rowsBefore)).add(value.isNull() ? null : value.asText());
            seen.add(field.getKey());
        }
        columns.values().stream().filter(column -> !seen.contains(column.name())).forEach(column -> column.add(null));
    }
}
