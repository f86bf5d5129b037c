package io.streamtrain.launcher.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordLinesTest {

    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "Row", "fields": [
              {"name": "id", "type": "string"}, {"name": "a", "type": ["null", "double"], "default": null}]}""");

    @TempDir
    Path folder;

    @Test
    void shouldGiveJsonRecordsWithoutAnIdTheFileNameAndLineNumberWhenTheFirstHasNone() throws IOException {
        Path jsonl = Files.writeString(folder.resolve("rows.jsonl"), "{\"a\": 1.5}\n\n{\"a\": 2, \"id\": \"own\"}\nnot json\n");

        assertThat(read(jsonl)).containsExactly("{\"a\":1.5,\"id\":\"rows.jsonl:1\"}", "{\"a\": 2, \"id\": \"own\"}", "not json");
    }

    @Test
    void shouldSendJsonRecordsAsTheyAreWhenTheFirstHasAnId() throws IOException {
        Path jsonl = Files.writeString(folder.resolve("rows.jsonl"), "{\"id\": \"x\", \"a\": 1.5}\n{\"a\": 2}\n");

        assertThat(read(jsonl)).containsExactly("{\"id\": \"x\", \"a\": 1.5}", "{\"a\": 2}");
    }

    @Test
    void shouldCountTheBytesOfTheLinesReadNotWhatTheReaderBufferedAhead() throws IOException {
        String first = "{\"id\": \"é\", \"a\": 1.5}\n";
        Path jsonl = Files.writeString(folder.resolve("rows.jsonl"), first + "{\"id\": \"y\", \"a\": 2}\n");

        try (RecordLines lines = new RecordLines(jsonl, InputFormat.JSONL, SCHEMA, "id")) {
            lines.next();
            assertThat(lines.bytesRead()).as("the first line, é in two bytes")
                    .isEqualTo(first.getBytes(StandardCharsets.UTF_8).length);
            lines.next();
            assertThat(lines.bytesRead()).isEqualTo(Files.size(jsonl));
        }
    }

    private static List<String> read(Path file) throws IOException {
        List<String> values = new ArrayList<>();
        try (RecordLines lines = new RecordLines(file, InputFormat.JSONL, SCHEMA, "id")) {
            for (byte[] value = lines.next(); value != null; value = lines.next()) {
                values.add(new String(value, StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}
