package io.streamtrain.launcher.input;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;

/**
 * Reads an input file as the values to send, one per non-blank line: a JSON Lines file as it is, a CSV file converted
 * by {@link CsvToJson}. A CSV row that cannot be converted (a wrong number of cells, a broken quote) is sent as its raw
 * text, which the streams-app dead-letters as undecodable: every record of the file reaches the topic and the
 * pipeline's rules decide. A CSV file without the id column, or a JSON Lines file whose first record has no id, gets
 * {@link GeneratedId generated ids} (a JSON record that has its own id keeps it). Counts the bytes of the lines read so
 * far, for progress: not what the reader has buffered ahead, which is the whole of a small file at once.
 */
public final class RecordLines implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedReader reader;
    private final AtomicLong bytesRead = new AtomicLong();
    private final CsvToJson csv;
    /** The ids to give JSON records that lack one, or null when the first record has one (records are sent as they are). */
    private final GeneratedId jsonIds;
    private long lineNumber;
    private long blankLines;
    private long unconvertedRows;

    /**
     * @param idField the schema's id field: a CSV file without that column, or a JSON Lines file whose first record lacks
     *                it, gets {@link GeneratedId generated ids}
     */
    public RecordLines(Path file, InputFormat format, Schema inputSchema, String idField) throws IOException {
        this.reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8), 1 << 16);
        if (format == InputFormat.CSV) {
            String header = reader.readLine();
            lineNumber++;
            bytesRead.addAndGet(header == null ? 0 : consumedBytes(header));
            if (header == null) {
                throw new IllegalArgumentException(file + " is empty: a CSV file starts with a header row naming the fields");
            }
            List<String> columns = CsvLineParser.cells(stripBom(header));
            this.csv = new CsvToJson(columns, inputSchema, GeneratedId.forFile(file, columns, inputSchema, idField));
            this.jsonIds = null;
        } else {
            this.csv = null;
            this.jsonIds = GeneratedId.forFile(file, FileFields.of(file, format).fields(), inputSchema, idField);
        }
    }

    /** The number of the line last read, 1-based (the CSV header is line 1). */
    public long lineNumber() {
        return lineNumber;
    }

    /** The next record's value, or null at the end of the file. */
    public byte[] next() {
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                bytesRead.addAndGet(consumedBytes(line));
                if (line.isBlank()) {
                    blankLines++;
                    continue;
                }
                return csv != null ? convert(line) : jsonIds != null ? withId(line) : line.getBytes(StandardCharsets.UTF_8);
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read line " + (lineNumber + 1), e);
        }
    }

    /** Bytes of the lines read so far, each line end counted as one byte. */
    public long bytesRead() {
        return bytesRead.get();
    }

    public long blankLines() {
        return blankLines;
    }

    public long unconvertedRows() {
        return unconvertedRows;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private byte[] convert(String line) {
        try {
            return csv.toJson(CsvLineParser.cells(line), lineNumber);
        } catch (IllegalArgumentException e) {
            unconvertedRows++;
            return line.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The JSON record with its generated id when it has none; a line that is not a JSON object is sent as it is. */
    private byte[] withId(String line) {
        try {
            if (JSON.readTree(line) instanceof ObjectNode record && !record.has(jsonIds.field())) {
                record.put(jsonIds.field(), jsonIds.forLine(lineNumber));
                return JSON.writeValueAsBytes(record);
            }
        } catch (JacksonException e) {
            // Not JSON: the streams-app dead-letters it as undecodable, with the line as it is.
        }
        return line.getBytes(StandardCharsets.UTF_8);
    }

    /** The header row without the byte-order mark some editors put first. */
    public static String stripBom(String header) {
        return header.startsWith("\uFEFF") ? header.substring(1) : header;
    }

    /** The UTF-8 length of {@code line} plus one for its line end. */
    private static long consumedBytes(String line) {
        long bytes = 1;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
