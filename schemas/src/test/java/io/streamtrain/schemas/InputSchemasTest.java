package io.streamtrain.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.demo.DemoRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputSchemasTest {

    @TempDir
    Path directory;

    @Test
    void shouldReturnDemoRecordSchemaWhenDemoIsAsked() {
        assertThat(InputSchemas.demo()).isEqualTo(DemoRecord.getClassSchema());
        assertThat(InputSchemas.demo().getFullName()).isEqualTo("io.streamtrain.demo.DemoRecord");
    }

    @Test
    void shouldParseRecordSchemaWhenFileHoldsOne() throws IOException {
        Path file = Files.writeString(directory.resolve("sensor.avsc"), """
                {"type": "record", "name": "Sensor", "namespace": "acme", "fields": [{"name": "id", "type": "string"}]}""");

        Schema schema = InputSchemas.fromFile(file);

        assertThat(schema.getFullName()).isEqualTo("acme.Sensor");
        assertThat(schema.getField("id").schema().getType()).isEqualTo(Schema.Type.STRING);
    }

    @Test
    void shouldRejectSchemaWhenFileHoldsNoRecord() throws IOException {
        Path file = Files.writeString(directory.resolve("level.avsc"), """
                {"type": "enum", "name": "Level", "symbols": ["LOW", "HIGH"]}""");

        assertThatThrownBy(() -> InputSchemas.fromFile(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("enum")
                .hasMessageContaining("not a record");
    }

    @Test
    void shouldFailNamingFileWhenItDoesNotExist() {
        Path missing = directory.resolve("missing.avsc");

        assertThatThrownBy(() -> InputSchemas.fromFile(missing))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(missing.toString());
    }
}
