package io.streamtrain.launcher.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFileTest {

    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "Row", "fields": [{"name": "id", "type": "string"}, {"name": "a", "type": "double"}]}""");

    @TempDir
    Path folder;

    @Test
    void shouldAnswerTheFormatOfAReadableFileWithEveryRequiredField() throws IOException {
        Path jsonl = Files.writeString(folder.resolve("rows.jsonl"), "{\"id\": \"x\", \"a\": 1}\n");

        assertThat(InputFile.check(jsonl, SCHEMA, "id")).isEqualTo(InputFormat.JSONL);
    }

    @Test
    void shouldRefuseAFileItCannotReadNamingIt() {
        Path missing = folder.resolve("missing.csv");

        assertThatThrownBy(() -> InputFile.check(missing, SCHEMA, "id")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot read " + missing);
    }

    @Test
    void shouldRefuseAFileOfNoKnownFormatOrLackingARequiredField() throws IOException {
        Path text = Files.writeString(folder.resolve("rows.txt"), "id,a\nx,1\n");
        Path csv = Files.writeString(folder.resolve("rows.csv"), "id\nx\n");

        assertThatThrownBy(() -> InputFile.check(text, SCHEMA, "id")).hasMessageStartingWith("cannot tell the format of " + text);
        assertThatThrownBy(() -> InputFile.check(csv, SCHEMA, "id")).hasMessageStartingWith(RequiredFields.MISSING_FIELD + ": ");
    }
}
