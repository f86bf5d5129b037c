package io.streamtrain.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.streamtrain.demo.DemoRecord;
import io.streamtrain.schemas.RecordDecodingException.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class InputRecordDecoderTest {

    /** An earlier DemoRecord: before usageHours, premium and region were added. */
    private static final Schema DEMO_V0 = new Schema.Parser().parse("""
            {"type": "record", "name": "DemoRecord", "namespace": "io.streamtrain.demo", "fields": [
              {"name": "id", "type": "string"},
              {"name": "eventTime", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "tenureMonths", "type": ["null", "double"], "default": null},
              {"name": "monthlySpend", "type": ["null", "double"], "default": null},
              {"name": "supportCalls", "type": ["null", "double"], "default": null},
              {"name": "label", "type": ["null", "string"], "default": null}
            ]}""");

    private static final Instant EVENT_TIME = Instant.parse("2024-05-01T12:00:00.123Z");

    private final InputRecordDecoder decoder = new InputRecordDecoder(InputSchemas.demo());

    @Test
    void shouldDecodeAvroWhenWrittenWithPipelineSchema() throws IOException {
        GenericRecord record = decoder.decode(bytesOf(DemoRecord.getEncoder().encode(demoRecord())));

        assertThat(record.get("id")).isEqualTo("c-1");
        assertThat(record.get("eventTime")).isEqualTo(EVENT_TIME.toEpochMilli());
        assertThat(record.get("tenureMonths")).isEqualTo(12.0);
        assertThat(record.get("premium")).isEqualTo(true);
        assertThat(record.get("region")).isEqualTo("north");
        assertThat(record.get("label")).isEqualTo("churn");
    }

    @Test
    void shouldDecodeOldRecordWhenItsWriterSchemaIsRegistered() throws IOException {
        GenericRecord old = new GenericRecordBuilder(DEMO_V0)
                .set("id", "c-7").set("eventTime", EVENT_TIME.toEpochMilli())
                .set("tenureMonths", 3.0).set("monthlySpend", 20.5).set("label", "stay")
                .build();
        byte[] bytes = bytesOf(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), DEMO_V0).encode(old));

        GenericRecord record = new InputRecordDecoder(InputSchemas.demo()).withWriterSchema(DEMO_V0).decode(bytes);

        assertThat(record.getSchema()).isEqualTo(InputSchemas.demo());
        assertThat(record.get("id")).hasToString("c-7");
        assertThat(record.get("eventTime")).isEqualTo(EVENT_TIME.toEpochMilli());
        assertThat(record.get("tenureMonths")).isEqualTo(3.0);
        assertThat(record.get("monthlySpend")).isEqualTo(20.5);
        assertThat(record.get("supportCalls")).isNull();
        assertThat(record.get("usageHours")).isNull();
        assertThat(record.get("premium")).isNull();
        assertThat(record.get("region")).isNull();
        assertThat(record.get("label")).hasToString("stay");
    }

    @Test
    void shouldRejectAsUndecodableWhenWriterSchemaIsUnknown() throws IOException {
        GenericRecord old = new GenericRecordBuilder(DEMO_V0).set("id", "c-7").set("eventTime", 1L).build();
        byte[] bytes = bytesOf(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), DEMO_V0).encode(old));

        RecordDecodingException e = catchThrowableOfType(RecordDecodingException.class, () -> decoder.decode(bytes));

        assertThat(e.kind()).isEqualTo(Kind.UNDECODABLE);
        assertThat(e).hasMessageContaining("unknown schema");
    }

    static IntStream truncatedLengths() throws IOException {
        int full = bytesOf(DemoRecord.getEncoder().encode(demoRecord())).length;
        return IntStream.range(0, full);
    }

    @ParameterizedTest(name = "first {0} bytes")
    @MethodSource("truncatedLengths")
    void shouldRejectAsUndecodableWhenAvroIsTruncated(int length) throws IOException {
        byte[] truncated = Arrays.copyOf(bytesOf(DemoRecord.getEncoder().encode(demoRecord())), length);

        assertKind(() -> decoder.decode(truncated), Kind.UNDECODABLE);
    }

    @Test
    void shouldThrowOnlyRecordDecodingExceptionWhenAvroBodyIsCorrupt() throws IOException {
        byte[] valid = bytesOf(DemoRecord.getEncoder().encode(demoRecord()));
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            byte[] corrupt = valid.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                corrupt[10 + random.nextInt(corrupt.length - 10)] = (byte) random.nextInt(256);
            }
            try {
                decoder.decode(corrupt);
            } catch (RecordDecodingException e) {
                assertThat(e.kind()).isEqualTo(Kind.UNDECODABLE);
            }
        }
    }

    @Test
    void shouldThrowOnlyRecordDecodingExceptionWhenBytesAreRandom() {
        Random random = new Random(11);
        for (int i = 0; i < 5_000; i++) {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            if (i % 2 == 0 && bytes.length >= 2) {
                bytes[0] = (byte) 0xC3;
                bytes[1] = 0x01;
            }
            try {
                decoder.decode(bytes);
            } catch (RecordDecodingException e) {
                assertThat(e.kind()).isIn(Kind.UNDECODABLE, Kind.INVALID);
            }
        }
    }

    @Test
    void shouldDecodeEqualRecordsWhenJsonAndAvroCarryTheSameValues() throws IOException {
        GenericRecord fromAvro = decoder.decode(bytesOf(DemoRecord.getEncoder().encode(demoRecord())));
        GenericRecord fromJson = decoder.decode(utf8("""
                {"id": "c-1", "eventTime": %d, "tenureMonths": 12, "monthlySpend": 49.9, "supportCalls": 0,
                 "usageHours": 3.5, "premium": true, "region": "north", "label": "churn"}""".formatted(EVENT_TIME.toEpochMilli())));

        assertThat(fromJson).isEqualTo(fromAvro);
    }

    @Test
    void shouldLeaveMissingOptionalFieldsNullWhenJsonOmitsThem() {
        GenericRecord record = decoder.decode(utf8("""
                {"id": "c-2", "eventTime": 1714564800000, "monthlySpend": null, "unknownField": [1, 2]}"""));

        assertThat(record.get("id")).isEqualTo("c-2");
        assertThat(record.get("eventTime")).isEqualTo(1_714_564_800_000L);
        assertThat(record.get("tenureMonths")).isNull();
        assertThat(record.get("monthlySpend")).isNull();
        assertThat(record.get("premium")).isNull();
        assertThat(record.get("region")).isNull();
        assertThat(record.get("label")).isNull();
    }

    @Test
    void shouldRejectAsInvalidNamingFieldWhenJsonStringStandsForNumber() {
        assertThatThrownBy(() -> decoder.decode(utf8("""
                {"id": "c-3", "eventTime": 1, "monthlySpend": "49.9"}""")))
                .isInstanceOfSatisfying(RecordDecodingException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID))
                .hasMessageContaining("monthlySpend")
                .hasMessageContaining("\"49.9\"");
    }

    @Test
    void shouldRejectAsInvalidNamingFieldWhenJsonNumberStandsForBoolean() {
        assertThatThrownBy(() -> decoder.decode(utf8("""
                {"id": "c-3", "eventTime": 1, "premium": 1}""")))
                .isInstanceOfSatisfying(RecordDecodingException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID))
                .hasMessageContaining("premium");
    }

    @Test
    void shouldRejectAsInvalidNamingFieldWhenRequiredFieldIsMissing() {
        assertThatThrownBy(() -> decoder.decode(utf8("""
                {"eventTime": 1, "monthlySpend": 10}""")))
                .isInstanceOfSatisfying(RecordDecodingException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID))
                .hasMessageContaining("field id");
    }

    @Test
    void shouldRejectAsUndecodableWhenJsonHasSyntaxError() {
        assertKind(() -> decoder.decode(utf8("{\"id\": \"c-4\", \"eventTime\": 1,")), Kind.UNDECODABLE);
        assertKind(() -> decoder.decode(utf8("id=c-4")), Kind.UNDECODABLE);
    }

    @Test
    void shouldRejectAsUndecodableWhenJsonHasTrailingContent() {
        assertKind(() -> decoder.decode(utf8("""
                {"id": "c-4", "eventTime": 1} {"id": "c-5", "eventTime": 2}""")), Kind.UNDECODABLE);
    }

    @Test
    void shouldRejectAsUndecodableWhenJsonIsMalformedAfterAWrongField() {
        assertKind(() -> decoder.decode(utf8("{\"id\": 5, \"eventTime\": 1,")), Kind.UNDECODABLE);
    }

    @Test
    void shouldRejectAsInvalidWhenJsonIsAnArrayRatherThanAnObject() {
        assertKind(() -> decoder.decode(utf8("[{\"id\": \"c-4\", \"eventTime\": 1}]")), Kind.INVALID);
    }

    @Test
    void shouldAcceptTrailingWhitespaceWhenJsonIsValid() {
        assertThat(decoder.decode(utf8("{\"id\": \"c-4\", \"eventTime\": 1}\r\n")).get("id")).isEqualTo("c-4");
    }

    @Test
    void shouldReadNonFiniteNumbersWhenSpelledAsJsonStrings() {
        GenericRecord record = decoder.decode(utf8("""
                {"id": "c-5", "eventTime": 1, "tenureMonths": "NaN", "monthlySpend": "Infinity",
                 "supportCalls": "-Infinity", "usageHours": "+Infinity"}"""));

        assertThat((Double) record.get("tenureMonths")).isNaN();
        assertThat(record.get("monthlySpend")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(record.get("supportCalls")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(record.get("usageHours")).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-05-01T12:00:00.123Z", "2024-05-01T14:00:00.123+02:00"})
    void shouldReadEpochMillisWhenTimestampIsIso8601(String timestamp) {
        GenericRecord record = decoder.decode(utf8("{\"id\": \"c-6\", \"eventTime\": \"%s\"}".formatted(timestamp)));

        assertThat(record.get("eventTime")).isEqualTo(EVENT_TIME.toEpochMilli());
    }

    @Test
    void shouldRejectAsInvalidWhenTimestampIsNotAnInstant() {
        assertThatThrownBy(() -> decoder.decode(utf8("{\"id\": \"c-6\", \"eventTime\": \"2024-05-01 12:00\"}")))
                .isInstanceOfSatisfying(RecordDecodingException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID))
                .hasMessageContaining("eventTime")
                .hasMessageContaining("ISO-8601");
    }

    @Test
    void shouldRejectAsInvalidWhenEnumSymbolIsUnknown() {
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "Ticket", "fields": [
                  {"name": "id", "type": "string"},
                  {"name": "priority", "type": {"type": "enum", "name": "Priority", "symbols": ["LOW", "HIGH"]}}
                ]}""");
        InputRecordDecoder tickets = new InputRecordDecoder(schema);

        assertThat(tickets.decode(utf8("{\"id\": \"t-1\", \"priority\": \"HIGH\"}")).get("priority"))
                .isEqualTo(new GenericData.EnumSymbol(schema.getField("priority").schema(), "HIGH"));
        assertThatThrownBy(() -> tickets.decode(utf8("{\"id\": \"t-2\", \"priority\": \"URGENT\"}")))
                .isInstanceOfSatisfying(RecordDecodingException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID))
                .hasMessageContaining("priority")
                .hasMessageContaining("URGENT");
    }

    @Test
    void shouldRejectAsInvalidWhenJsonIsArray() {
        assertThatThrownBy(() -> decoder.decode(utf8("[{\"id\": \"c-8\", \"eventTime\": 1}]")))
                .isInstanceOfSatisfying(RecordDecodingException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID))
                .hasMessageContaining("ARRAY");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "42", "\"c-9\""})
    void shouldRejectAsInvalidWhenJsonIsNotAnObject(String json) {
        assertKind(() -> decoder.decode(utf8(json)), Kind.INVALID);
    }

    @Test
    void shouldRejectAsUndecodableWhenBytesAreEmptyOrBlank() {
        assertKind(() -> decoder.decode(new byte[0]), Kind.UNDECODABLE);
        assertKind(() -> decoder.decode(null), Kind.UNDECODABLE);
        assertKind(() -> decoder.decode(utf8(" \n\t")), Kind.UNDECODABLE);
    }

    private static void assertKind(Runnable decoding, Kind kind) {
        assertThatThrownBy(decoding::run)
                .isInstanceOfSatisfying(RecordDecodingException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }

    private static DemoRecord demoRecord() {
        return DemoRecord.newBuilder()
                .setId("c-1")
                .setEventTime(EVENT_TIME)
                .setTenureMonths(12.0)
                .setMonthlySpend(49.9)
                .setSupportCalls(0.0)
                .setUsageHours(3.5)
                .setPremium(true)
                .setRegion("north")
                .setLabel("churn")
                .build();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
