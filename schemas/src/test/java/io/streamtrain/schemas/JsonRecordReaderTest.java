package io.streamtrain.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.schemas.RecordDecodingException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonRecordReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "Everything", "fields": [
              {"name": "count", "type": "int", "default": 0},
              {"name": "total", "type": ["null", "long"], "default": null},
              {"name": "ratio", "type": ["null", "float"], "default": null},
              {"name": "flag", "type": ["null", "boolean"], "default": null},
              {"name": "payload", "type": ["null", "bytes"], "default": null},
              {"name": "channel", "type": ["string", "null"], "default": "web"},
              {"name": "outcome", "type": ["null", "string", "double"], "default": null},
              {"name": "seenAt", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}], "default": null}
            ]}""");

    private final JsonRecordReader reader = new JsonRecordReader(SCHEMA);

    @Test
    void shouldTakeSchemaDefaultsWhenFieldsAreMissing() {
        GenericRecord record = reader.read(json("{}"));

        assertThat(record.get("count")).isEqualTo(0);
        assertThat(record.get("total")).isNull();
        assertThat(record.get("channel")).hasToString("web");
    }

    @Test
    void shouldKeepExplicitNullWhenOptionalFieldHasNonNullDefault() {
        assertThat(reader.read(json("{\"channel\": null}")).get("channel")).isNull();
    }

    @Test
    void shouldRejectExplicitNullWhenFieldIsNotOptional() {
        assertInvalid("{\"count\": null}", "field count is required");
    }

    @Test
    void shouldConvertEachTypeWhenValuesMatchTheSchema() {
        GenericRecord record = reader.read(json("""
                {"count": 3, "total": 9007199254740993, "ratio": 0.5, "flag": false, "channel": "app", "seenAt": 1714564800000}"""));

        assertThat(record.get("count")).isEqualTo(3);
        assertThat(record.get("total")).isEqualTo(9_007_199_254_740_993L);
        assertThat(record.get("ratio")).isEqualTo(0.5f);
        assertThat(record.get("flag")).isEqualTo(false);
        assertThat(record.get("channel")).isEqualTo("app");
        assertThat(record.get("seenAt")).isEqualTo(1_714_564_800_000L);
    }

    @Test
    void shouldReadEveryDoubleAsParseDoubleDoesWhenStreamedFromBytes() throws IOException {
        for (String number : List.of("0.1234567890", "-3", "-0.0", "1.5e-3", "0.12345678901234567891", "123456789012345678",
                "1e23", "2.2250738585072014E-308", "1e400", "4.9e-324")) {
            try (JsonParser parser = new JsonFactory().createParser(("{\"outcome\": " + number + "}").getBytes(StandardCharsets.UTF_8))) {
                parser.nextToken();
                assertThat(reader.read(parser).resolve().get("outcome")).as(number).isEqualTo(Double.parseDouble(number));
            }
        }
    }

    @Test
    void shouldReadNanAsFloatWhenFieldIsFloat() {
        assertThat(reader.read(json("{\"ratio\": \"NaN\"}")).get("ratio")).isEqualTo(Float.NaN);
    }

    @Test
    void shouldKeepNumberNumericWhenUnionAlsoAcceptsString() {
        assertThat(reader.read(json("{\"outcome\": 2.5}")).get("outcome")).isEqualTo(2.5);
        assertThat(reader.read(json("{\"outcome\": 3}")).get("outcome")).isEqualTo(3.0);
        assertThat(reader.read(json("{\"outcome\": \"churn\"}")).get("outcome")).isEqualTo("churn");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"count\": 2.5}                 | count",
            "{\"count\": 3000000000}          | count",
            "{\"count\": \"3\"}               | count",
            "{\"total\": 1.5}                 | total",
            "{\"total\": \"2024-05-01T00:00:00Z\"} | total",
            "{\"ratio\": \"half\"}            | ratio",
            "{\"flag\": \"true\"}             | flag",
            "{\"payload\": \"AAEC\"}          | payload",
            "{\"channel\": {\"name\": \"app\"}} | channel",
            "{\"seenAt\": 1.7e12}             | seenAt"})
    void shouldRejectAsInvalidNamingFieldWhenValueHasWrongType(String object, String field) {
        assertInvalid(object, "field " + field);
    }

    @Test
    void shouldRejectAsInvalidNamingTheFieldWhenAFieldOccursTwice() throws IOException {
        for (String object : List.of("{\"count\": 3, \"count\": 4}", "{\"count\": \"bad\", \"flag\": true, \"count\": 4}",
                "{\"channel\": null, \"channel\": \"app\"}")) {
            try (JsonParser parser = JSON.createParser(object)) {
                parser.nextToken();
                JsonRecordReader.Pending pending = reader.read(parser);

                assertThatThrownBy(pending::resolve).as(object)
                        .isInstanceOfSatisfying(RecordDecodingException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID))
                        .hasMessageContaining("occurs more than once");
            }
        }
    }

    @Test
    void shouldIgnoreARepeatedFieldTheSchemaDoesNotHave() throws IOException {
        try (JsonParser parser = JSON.createParser("{\"extra\": 1, \"count\": 3, \"extra\": 2}")) {
            parser.nextToken();

            assertThat(reader.read(parser).resolve().get("count")).isEqualTo(3);
        }
    }

    @Test
    void shouldNameTheFirstWrongFieldInSchemaOrderWhenSeveralAreWrong() {
        assertInvalid("{\"flag\": 3, \"count\": 2.5}", "field count");
    }

    @Test
    void shouldSkipUnknownFieldsWhateverTheirShape() {
        GenericRecord record = reader.read(json("""
                {"nested": {"count": "x", "deeper": [1, {"flag": 2}]}, "list": [[], {}], "count": 7}"""));

        assertThat(record.get("count")).isEqualTo(7);
        assertThat(record.get("flag")).isNull();
    }

    @Test
    void shouldShowTheOffendingObjectAsAJsonObjectWhenAScalarIsExpected() {
        assertInvalid("{\"channel\": {\"name\": \"app\"}}", "field channel: expected a string, got a JSON object");
    }

    private void assertInvalid(String object, String message) {
        assertThatThrownBy(() -> reader.read(json(object)))
                .isInstanceOfSatisfying(RecordDecodingException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID))
                .hasMessageContaining(message);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
