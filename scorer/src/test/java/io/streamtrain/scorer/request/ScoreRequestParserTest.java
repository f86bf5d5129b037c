package io.streamtrain.scorer.request;

import static io.streamtrain.scorer.testing.Fixtures.json;
import static io.streamtrain.scorer.testing.Fixtures.request;
import static io.streamtrain.scorer.testing.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.deadletter.DeadLetterReason;
import io.streamtrain.core.requests.ParsedRequest;
import io.streamtrain.core.requests.RequestRecord;
import io.streamtrain.core.requests.ScoreRequestParser;
import io.streamtrain.demo.DemoRecord;
import io.streamtrain.schemas.InputRecordDecoder;
import io.streamtrain.schemas.InputSchemas;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class ScoreRequestParserTest {

    private static final String TOPIC = "churn.score-requests";

    private final ScoreRequestParser parser = new ScoreRequestParser(new InputRecordDecoder(InputSchemas.demo()));

    @Test
    void shouldReadOneJsonRecordNamedByItsKey() {
        byte[] value = utf8(json("c-1", 3));

        ParsedRequest.Accepted request = accepted(parser.parse(request(TOPIC, 7, "req-1", value)));

        assertThat(request.requestId()).isEqualTo("req-1");
        assertThat(request.records()).singleElement().isInstanceOfSatisfying(RequestRecord.Decoded.class, record -> {
            assertThat(record.index()).isZero();
            assertThat(record.bytes()).isEqualTo(value);
            assertThat(record.record().get("id")).hasToString("c-1");
        });
    }

    @Test
    void shouldNameARequestWithoutKeyByTopicPartitionAndOffset() {
        ParsedRequest request = parser.parse(request(TOPIC, 42, null, utf8(json("c-1", 3))));

        assertThat(request.requestId()).isEqualTo(TOPIC + "-0-42");
    }

    @Test
    void shouldNameARequestWithBlankKeyByTopicPartitionAndOffset() {
        ParsedRequest request = parser.parse(request(TOPIC, 42, " ", utf8(json("c-1", 3))));

        assertThat(request.requestId()).isEqualTo(TOPIC + "-0-42");
    }

    @Test
    void shouldReadOneAvroSingleObjectRecord() throws IOException {
        DemoRecord demo = DemoRecord.newBuilder().setId("c-9").setEventTime(Instant.parse("2025-01-01T00:00:00Z"))
                .setTenureMonths(4.0).setRegion("south").build();
        ByteBuffer buffer = DemoRecord.getEncoder().encode(demo);
        byte[] value = Arrays.copyOfRange(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.arrayOffset() + buffer.limit());

        ParsedRequest.Accepted request = accepted(parser.parse(request(TOPIC, 1, "req-avro", value)));

        assertThat(request.requestId()).isEqualTo("req-avro");
        assertThat(request.records()).singleElement().isInstanceOfSatisfying(RequestRecord.Decoded.class,
                record -> assertThat(record.record().get("id")).hasToString("c-9"));
    }

    @Test
    void shouldReadAJsonArrayOfRecordsInOrder() {
        byte[] value = utf8("[" + json("a", 1) + "," + json("b", 2) + "," + json("c", 3) + "]");

        ParsedRequest.Accepted request = accepted(parser.parse(request(TOPIC, 3, "req-list", value)));

        assertThat(request.requestId()).isEqualTo("req-list");
        assertThat(request.records()).extracting(RequestRecord::index).containsExactly(0, 1, 2);
        assertThat(request.records()).allSatisfy(r -> assertThat(r).isInstanceOf(RequestRecord.Decoded.class));
        assertThat(((RequestRecord.Decoded) request.records().get(1)).record().get("id")).hasToString("b");
    }

    @Test
    void shouldReadAWrapperAndPreferItsRequestIdOverTheKey() {
        byte[] value = utf8("{\"requestId\":\"batch-7\",\"records\":[" + json("a", 1) + "," + json("b", 2) + "]}");

        ParsedRequest.Accepted request = accepted(parser.parse(request(TOPIC, 3, "the-key", value)));

        assertThat(request.requestId()).isEqualTo("batch-7");
        assertThat(request.records()).hasSize(2);
    }

    @Test
    void shouldFallBackToTheKeyWhenTheWrapperHasNoRequestId() {
        byte[] value = utf8("{\"records\":[" + json("a", 1) + "]}");

        assertThat(accepted(parser.parse(request(TOPIC, 3, "the-key", value))).requestId()).isEqualTo("the-key");
    }

    @Test
    void shouldMarkOnlyTheInvalidElementOfAList() {
        byte[] value = utf8("[" + json("a", 1) + ",{\"id\":\"b\",\"eventTime\":1,\"tenureMonths\":\"many\"},42]");

        ParsedRequest.Accepted request = accepted(parser.parse(request(TOPIC, 3, "req", value)));

        assertThat(request.records().get(0)).isInstanceOf(RequestRecord.Decoded.class);
        assertThat(request.records().get(1)).isInstanceOfSatisfying(RequestRecord.Invalid.class, invalid -> {
            assertThat(invalid.index()).isEqualTo(1);
            assertThat(invalid.reason()).isEqualTo(DeadLetterReason.INVALID);
            assertThat(invalid.detail()).contains("tenureMonths");
            assertThat(new String(invalid.bytes())).isEqualTo("{\"id\":\"b\",\"eventTime\":1,\"tenureMonths\":\"many\"}");
        });
        assertThat(request.records().get(2)).isInstanceOfSatisfying(RequestRecord.Invalid.class,
                invalid -> assertThat(invalid.detail()).contains("expected a JSON object"));
    }

    @Test
    void shouldRejectBytesThatAreNeitherAvroNorJson() {
        assertRejected(utf8("id=c-1;tenure=3"), DeadLetterReason.UNDECODABLE, "neither Avro single-object encoding nor valid JSON");
    }

    @Test
    void shouldRejectJsonWithTrailingContent() {
        assertRejected(utf8(json("a", 1) + json("b", 2)), DeadLetterReason.UNDECODABLE, "valid JSON");
    }

    @Test
    void shouldRejectCorruptAvro() {
        byte[] value = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

        assertRejected(value, DeadLetterReason.UNDECODABLE, "Avro");
    }

    @Test
    void shouldRejectAnEmptyOrMissingValue() {
        assertRejected(new byte[0], DeadLetterReason.UNDECODABLE, "empty request");
        assertRejected(null, DeadLetterReason.UNDECODABLE, "empty request");
        assertRejected(utf8("   "), DeadLetterReason.UNDECODABLE, "blank request");
    }

    @Test
    void shouldRejectARequestWithoutRecords() {
        assertRejected(utf8("[]"), DeadLetterReason.INVALID, "no records");
        assertRejected(utf8("{\"records\":[]}"), DeadLetterReason.INVALID, "no records");
    }

    @Test
    void shouldRejectAWrapperWhoseRecordsAreNotAList() {
        assertRejected(utf8("{\"records\":" + json("a", 1) + "}"), DeadLetterReason.INVALID, "records must be a JSON array");
    }

    @Test
    void shouldRejectARequestIdThatIsNotAString() {
        assertRejected(utf8("{\"requestId\":17,\"records\":[" + json("a", 1) + "]}"), DeadLetterReason.INVALID, "requestId must be a non-blank string");
    }

    @Test
    void shouldRejectAKeyGivenTwiceAsInvalidNamingIt() {
        String record = json("a", 1);
        String twice = record.substring(0, record.length() - 1) + ",\"id\":\"b\"}";

        assertRejected(utf8(twice), DeadLetterReason.INVALID, "field id occurs more than once");
        assertRejected(utf8("[" + json("x", 2) + "," + twice + "]"), DeadLetterReason.INVALID, "key 'id' occurs more than once");
        assertRejected(utf8("{\"requestId\":\"r\",\"requestId\":\"s\",\"records\":[" + record + "]}"), DeadLetterReason.INVALID,
                "key 'requestId' occurs more than once");
    }

    @Test
    void shouldRejectJsonThatIsNeitherObjectNorArray() {
        assertRejected(utf8("\"score me\""), DeadLetterReason.INVALID, "expected a JSON object or array");
    }

    @Test
    void shouldRejectASingleRecordThatDoesNotFitTheSchema() {
        assertRejected(utf8("{\"id\":\"c-1\",\"eventTime\":1,\"premium\":\"yes\"}"), DeadLetterReason.INVALID, "premium");
    }

    @Test
    void shouldReadAnObjectWithARecordsFieldAsOneRecordWhenTheSchemaHasThatField() {
        Schema schema = SchemaBuilder.record("Visit").fields()
                .requiredString("id").optionalString("records").optionalDouble("minutes").endRecord();
        ScoreRequestParser visits = new ScoreRequestParser(new InputRecordDecoder(schema));

        ParsedRequest.Accepted request = accepted(visits.parse(request(TOPIC, 0, "k", utf8("{\"id\":\"v\",\"records\":\"none\",\"minutes\":3}"))));

        assertThat(request.records()).singleElement().isInstanceOfSatisfying(RequestRecord.Decoded.class,
                record -> assertThat(record.record().get("records")).hasToString("none"));
    }

    @Test
    void shouldReadOneRecordWhenTheWordRecordsIsOnlyAValueOrANestedField() {
        byte[] value = utf8("{\"id\":\"c-1\",\"eventTime\":1,\"region\":\"records\",\"extra\":{\"records\":[1,2]}}");

        ParsedRequest.Accepted request = accepted(parser.parse(request(TOPIC, 0, "req", value)));

        assertThat(request.records()).singleElement().isInstanceOfSatisfying(RequestRecord.Decoded.class,
                record -> assertThat(record.record().get("region")).hasToString("records"));
    }

    @Test
    void shouldReadTheSameRecordWhetherOrNotTheObjectLooksLikeAWrapper() {
        String plain = "{\"id\":\"c-1\",\"eventTime\":1,\"tenureMonths\":2.5,\"extra\":[{\"x\":1}]}";
        String mentioningRecords = "{\"id\":\"c-1\",\"eventTime\":1,\"tenureMonths\":2.5,\"extra\":[{\"records\":1}]}";

        RequestRecord.Decoded direct = (RequestRecord.Decoded) accepted(parser.parse(request(TOPIC, 0, "a", utf8(plain)))).records().getFirst();
        RequestRecord.Decoded viaTree = (RequestRecord.Decoded) accepted(parser.parse(request(TOPIC, 0, "b", utf8(mentioningRecords)))).records().getFirst();

        assertThat(direct.record()).isEqualTo(viaTree.record());
    }

    private void assertRejected(byte[] value, DeadLetterReason reason, String detail) {
        ParsedRequest parsed = parser.parse(request(TOPIC, 5, "req", value));
        assertThat(parsed).isInstanceOfSatisfying(ParsedRequest.Rejected.class, rejected -> {
            assertThat(rejected.requestId()).isEqualTo("req");
            assertThat(rejected.reason()).isEqualTo(reason);
            assertThat(rejected.detail()).contains(detail);
        });
    }

    private static ParsedRequest.Accepted accepted(ParsedRequest parsed) {
        assertThat(parsed).isInstanceOf(ParsedRequest.Accepted.class);
        return (ParsedRequest.Accepted) parsed;
    }
}
