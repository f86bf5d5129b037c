package io.streamtrain.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parser-free reader agrees with {@link JsonRecordReader} wherever it answers, and leaves everything unusual to it:
 * the same field values of the same classes, and null (so the parser reads it, and reports any error) for the rest.
 */
class FlatJsonRecordReaderTest {

    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "R", "fields": [
              {"name": "id", "type": "string"},
              {"name": "at", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}], "default": null},
              {"name": "x", "type": ["null", "double"], "default": null},
              {"name": "y", "type": "double", "default": 1.5},
              {"name": "n", "type": ["null", "int"], "default": null},
              {"name": "b", "type": ["null", "boolean"], "default": null},
              {"name": "s", "type": ["null", "string"], "default": null},
              {"name": "e", "type": ["null", {"type": "enum", "name": "E", "symbols": ["A", "B"]}], "default": null},
              {"name": "f", "type": ["null", "float"], "default": null},
              {"name": "u", "type": ["null", "string", "double"], "default": null}
            ]}""");
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    private final FlatJsonRecordReader flat = new FlatJsonRecordReader(SCHEMA);
    private final JsonRecordReader parser = new JsonRecordReader(SCHEMA);

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"id\":\"a\",\"at\":1714564800123,\"x\":0.25,\"y\":-3,\"n\":7,\"b\":true,\"s\":\"plain text\"}",
            " {\n\t\"id\" : \"a\" , \"x\" : -0.0 ,\"b\":false}\r\n",
            "{\"s\":\"z\",\"id\":\"reordered\",\"x\":1e3,\"y\":2E-2,\"n\":-2147483648}",
            "{\"id\":\"nulls\",\"x\":null,\"s\":null,\"n\":null,\"b\":null,\"at\":null}",
            "{\"id\":\"\",\"x\":123456789012345,\"y\":0.000001,\"n\":2147483647}",
            "{\"id\":\"q\",\"x\":-0,\"y\":1.5E+2}",
            "{\"id\":\"q\",\"at\":-999999999999999999}"})
    void shouldReadThePlainCaseAsTheParserDoes(String json) {
        GenericRecord read = flat.read(utf8(json));

        assertThat(read).isNotNull();
        assertSameRecord(read, parsed(utf8(json)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "  ", "[]", "{\"id\":\"a\"} {}", "{\"id\":\"a\",}", "{\"id\":\"a\"", "{\"id\" \"a\"}", "{,}", "{\"id\":\"a\"}x",
            "{\"id\":\"esc\\\"aped\"}", "{\"id\":\"\\u0041\"}", "{\"id\":\"caf\u00e9\"}", "{\"id\":\"tab\there\"}",
            "{\"id\":\"a\",\"unknown\":1}", "{\"id\":\"a\",\"id\":\"b\"}", "{\"x\":1}", "{\"id\":null}", "{\"id\":1}",
            "{\"id\":\"a\",\"y\":null}", "{\"id\":\"a\",\"x\":01}", "{\"id\":\"a\",\"x\":-}", "{\"id\":\"a\",\"x\":.5}",
            "{\"id\":\"a\",\"x\":5.}", "{\"id\":\"a\",\"x\":+5}", "{\"id\":\"a\",\"x\":1e}", "{\"id\":\"a\",\"x\":1x}",
            "{\"id\":\"a\",\"x\":\"NaN\"}", "{\"id\":\"a\",\"x\":NaN}", "{\"id\":\"a\",\"x\":1234567890123456789}",
            "{\"id\":\"a\",\"x\":1e400}", "{\"id\":\"a\",\"x\":[1]}", "{\"id\":\"a\",\"x\":{\"a\":1}}", "{\"id\":\"a\",\"x\":true}",
            "{\"id\":\"a\",\"n\":2147483648}", "{\"id\":\"a\",\"n\":1.0}", "{\"id\":\"a\",\"n\":1e2}", "{\"id\":\"a\",\"at\":\"2024-05-01T00:00:00Z\"}",
            "{\"id\":\"a\",\"at\":1234567890123456789}", "{\"id\":\"a\",\"b\":tru}", "{\"id\":\"a\",\"b\":truex}", "{\"id\":\"a\",\"b\":1}",
            "{\"id\":\"a\",\"e\":\"A\"}", "{\"id\":\"a\",\"f\":1.5}", "{\"id\":\"a\",\"u\":1.5}", "{\"id\":\"a\",\"s\":nul}"})
    void shouldLeaveEverythingElseToTheParser(String json) {
        assertThat(flat.read(utf8(json))).isNull();
    }

    @Test
    void shouldAgreeWithTheParserOnRandomRequestsAndTheirCorruptions() {
        Random random = new Random(23);
        String corruptions = "{}[]\",:.-+eE0 9\\xn\u00ff";
        int read = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] json = utf8(randomObject(random));
            GenericRecord record = flat.read(json);
            if (record != null) {
                read++;
                assertSameRecord(record, parsed(json));
            }
            json[random.nextInt(json.length)] = (byte) corruptions.charAt(random.nextInt(corruptions.length()));
            GenericRecord corrupt = flat.read(json);
            if (corrupt != null) {
                assertSameRecord(corrupt, parsed(json));
            }
        }
        assertThat(read).as("random requests read without the parser").isGreaterThan(10_000);
    }

    private static String randomObject(Random random) {
        List<String> members = new ArrayList<>();
        members.add("\"id\":\"r" + random.nextInt(1000) + "\"");
        if (random.nextBoolean()) {
            members.add("\"x\":" + randomNumber(random));
        }
        if (random.nextBoolean()) {
            members.add("\"y\":" + randomNumber(random));
        }
        if (random.nextBoolean()) {
            members.add("\"n\":" + (random.nextInt() >> random.nextInt(31)));
        }
        if (random.nextBoolean()) {
            members.add("\"at\":" + (random.nextLong() >> (4 + random.nextInt(60))));
        }
        if (random.nextBoolean()) {
            members.add("\"b\":" + random.nextBoolean());
        }
        Collections.shuffle(members, random);
        return "{" + String.join(random.nextBoolean() ? "," : " , ", members) + "}";
    }

    private static String randomNumber(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
            case 1 -> String.format(Locale.ROOT, "%." + random.nextInt(12) + "f", random.nextDouble() * 1000 - 500);
            case 2 -> Long.toString(random.nextLong() >> random.nextInt(64));
            case 3 -> random.nextInt(100) + "e" + (random.nextInt(50) - 25);
            default -> (random.nextBoolean() ? "-" : "") + "0." + String.format(Locale.ROOT, "%020d", Math.abs(random.nextLong() % 1_000_000_000_000L));
        };
    }

    private GenericRecord parsed(byte[] json) {
        try (JsonParser jackson = JSON.createParser(json)) {
            jackson.nextToken();
            GenericRecord record = parser.read(jackson).resolve();
            assertThat(jackson.nextToken()).as("trailing content").isNull();
            return record;
        } catch (Exception e) {
            throw new AssertionError("the flat reader read what the parser refuses: " + new String(json, StandardCharsets.UTF_8), e);
        }
    }

    private static void assertSameRecord(GenericRecord actual, GenericRecord expected) {
        for (Schema.Field field : SCHEMA.getFields()) {
            Object a = actual.get(field.pos());
            Object e = expected.get(field.pos());
            assertThat(a).as(field.name()).isEqualTo(e);
            if (e != null) {
                assertThat(a.getClass()).as(field.name()).isEqualTo(e.getClass());
            }
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
