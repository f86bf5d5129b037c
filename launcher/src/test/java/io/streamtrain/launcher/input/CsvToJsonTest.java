package io.streamtrain.launcher.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class CsvToJsonTest {

    private static final Schema SCHEMA = SchemaBuilder.record("R").fields()
            .requiredString("id").requiredLong("eventTime").optionalDouble("spend").requiredBoolean("premium")
            .requiredString("label").endRecord();

    private final CsvToJson converter = new CsvToJson(List.of("id", "eventTime", "spend", "premium", "label", "extra"), SCHEMA, null);

    @Test
    void shouldTypeCellsByTheInputSchema() {
        assertThat(json(List.of("c-1", "1767571200000", "70.5", "TRUE", "churn", "x")))
                .isEqualTo("{\"id\":\"c-1\",\"eventTime\":1767571200000,\"spend\":70.5,\"premium\":true,\"label\":\"churn\",\"extra\":\"x\"}");
    }

    @Test
    void shouldTurnAnEmptyCellIntoNull() {
        assertThat(json(List.of("c-1", "1", "", "false", "stay", ""))).contains("\"spend\":null").contains("\"extra\":null");
    }

    @Test
    void shouldPassOnAnUnparsableCellAsTextForThePipelineToRefuse() {
        assertThat(json(List.of("c-1", "2026-01-05T00:00:00Z", "lots", "maybe", "stay", "")))
                .contains("\"eventTime\":\"2026-01-05T00:00:00Z\"").contains("\"spend\":\"lots\"").contains("\"premium\":\"maybe\"");
    }

    @Test
    void shouldRefuseARowWithAnotherNumberOfCells() {
        assertThatThrownBy(() -> converter.toJson(List.of("c-1", "1"), 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 cells, the header 6");
    }

    @Test
    void shouldRefuseADuplicateColumn() {
        assertThatThrownBy(() -> new CsvToJson(List.of("id", "id"), SCHEMA, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'id' twice");
    }

    private String json(List<String> cells) {
        return new String(converter.toJson(cells, 2), StandardCharsets.UTF_8);
    }

    @Test
    void shouldGiveEachRowOfAFileWithoutAnIdColumnTheFileNameAndLineNumber() {
        CsvToJson withoutIds = new CsvToJson(List.of("eventTime", "spend", "premium", "label"), SCHEMA,
                GeneratedId.forFile(Path.of("data", "sales.csv"), List.of("eventTime", "spend", "premium", "label"), SCHEMA, "id"));

        assertThat(new String(withoutIds.toJson(List.of("1", "2.5", "true", "stay"), 7), StandardCharsets.UTF_8))
                .isEqualTo("{\"eventTime\":1,\"spend\":2.5,\"premium\":true,\"label\":\"stay\",\"id\":\"sales.csv:7\"}");
    }

    @Test
    void shouldNotMakeUpAnIdThatIsNotAString() {
        Schema numericId = SchemaBuilder.record("N").fields().requiredLong("id").endRecord();

        assertThat(GeneratedId.forFile(Path.of("a.csv"), List.of("x"), numericId, "id")).isNull();
        assertThat(GeneratedId.forFile(Path.of("a.csv"), List.of("id"), SCHEMA, "id")).isNull();
    }
}
