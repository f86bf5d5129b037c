package io.streamtrain.launcher.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequiredFieldsTest {

    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "Row", "fields": [
              {"name": "id", "type": "string"},
              {"name": "a", "type": "double"},
              {"name": "b", "type": ["null", "double"]},
              {"name": "c", "type": "int", "default": 0}]}""");

    @TempDir
    Path folder;

    @Test
    void shouldRequireTheFieldsThatAreNeitherNullableNorDefaulted() {
        assertThat(RequiredFields.of(SCHEMA)).containsExactly("id", "a");
    }

    @Test
    void shouldAcceptAHeaderWithEveryRequiredColumnInAnyOrder() throws IOException {
        Path csv = Files.writeString(folder.resolve("ok.csv"), "\uFEFFa, id\n1,x\n");

        RequiredFields.requireColumns(csv, InputFormat.CSV, SCHEMA, "id");
    }

    @Test
    void shouldNameEveryMissingColumn() throws IOException {
        Path csv = Files.writeString(folder.resolve("bad.csv"), "b,c\n1,2\n");

        assertRefused(csv, InputFormat.CSV, "key")
                .hasMessageStartingWith("missing-field: the header of " + csv + " lacks the columns id, a, which schema Row requires");
        assertRefused(csv, InputFormat.CSV, "id").as("a string id is generated").hasMessageContaining("lacks the column a,");
    }

    @Test
    void shouldCheckTheFirstRecordOfAJsonLinesFileAsItsHeader() throws IOException {
        Path jsonl = Files.writeString(folder.resolve("rows.jsonl"), "\n{\"b\": 1, \"c\": 2}\n{\"id\": \"x\", \"a\": 1}\n");

        assertRefused(jsonl, InputFormat.JSONL, "key")
                .hasMessage("missing-field: the first record of " + jsonl + " (line 2) lacks the fields id, a, which schema Row "
                        + "requires (not nullable, no default); add the fields or make the fields nullable in the schema. Nothing was done.");
        assertRefused(jsonl, InputFormat.JSONL, "id").as("a string id is generated").hasMessageContaining("lacks the field a,");
    }

    @Test
    void shouldAcceptAJsonLinesFileWhoseFirstRecordHasEveryRequiredField() throws IOException {
        Path jsonl = Files.writeString(folder.resolve("rows.jsonl"), "{\"a\": 1.5, \"id\": \"x\"}\n{}\n");

        RequiredFields.requireColumns(jsonl, InputFormat.JSONL, SCHEMA, "id");
    }

    @Test
    void shouldRefuseAJsonLinesFileWhoseFirstLineIsNoJsonObject() throws IOException {
        Path jsonl = Files.writeString(folder.resolve("rows.jsonl"), "a,b\n1,2\n");

        assertRefused(jsonl, InputFormat.JSONL, "id")
                .hasMessageStartingWith("line 1 of " + jsonl + " is not a JSON object");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(Path file, InputFormat format, String idField) {
        return assertThatThrownBy(() -> RequiredFields.requireColumns(file, format, SCHEMA, idField))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
