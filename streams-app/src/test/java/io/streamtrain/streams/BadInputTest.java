package io.streamtrain.streams;

import static io.streamtrain.streams.TopologyHarness.IDLE_MS;
import static io.streamtrain.streams.TopologyHarness.T0;
import static io.streamtrain.streams.TopologyHarness.WINDOW_MS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.core.deadletter.DeadLetterHeaders;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.streams.TopologyHarness.Batch;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad-input cases of docs/bad-input.md that the streams-app decides, with the default limits. */
class BadInputTest {

    /** The harness's wall clock. */
    private static final long NOW = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path stateDir;

    @Test
    void shouldDeadLetterATenMegabyteStringAsOversizedWithTheDefaultLimit() {
        try (TopologyHarness harness = new TopologyHarness(stateDir)) {
            harness.pipe(DemoInput.bytes(DemoInput.jsonObject("huge", T0).put("region", "x".repeat(10 * 1024 * 1024))));
            harness.pipeValid(1, T0 + 1);
            harness.advanceWallClock(Duration.ofMillis(IDLE_MS + 100));

            assertThat(reasons(harness.deadLetters())).containsExactly("oversized");
            assertThat(harness.batches()).singleElement().satisfies(batch -> assertThat(batch.recordIds()).containsExactly("r1"));
        }
    }

    @Test
    void shouldDeadLetterAFieldGivenTwiceAsInvalidNamingIt() {
        try (TopologyHarness harness = new TopologyHarness(stateDir)) {
            String record = new String(DemoInput.json("twice", T0), StandardCharsets.UTF_8);
            harness.pipe((record.substring(0, record.length() - 1) + ",\"label\":\"stay\"}").getBytes(StandardCharsets.UTF_8));

            List<TestRecord<byte[], byte[]>> deadLetters = harness.deadLetters();
            assertThat(reasons(deadLetters)).containsExactly("invalid");
            assertThat(DeadLetterHeaders.read(deadLetters.getFirst().headers(), DeadLetterHeaders.DETAIL))
                    .contains("field label occurs more than once");
        }
    }

    @Test
    void shouldDeadLetterAnExplicitNullLabelAsMissingLabel() {
        try (TopologyHarness harness = new TopologyHarness(stateDir)) {
            harness.pipe(DemoInput.bytes(DemoInput.jsonObject("unlabelled", T0).putNull("label")));

            assertThat(reasons(harness.deadLetters())).containsExactly("missing-label");
        }
    }

    @Test
    void shouldCleanNonFiniteNumbersToMissingAndKeepTheRecord() {
        try (TopologyHarness harness = new TopologyHarness(stateDir)) {
            ObjectNode record = DemoInput.jsonObject("nan", T0).put("tenureMonths", "NaN").put("monthlySpend", "Infinity");
            harness.pipe(DemoInput.bytes(record));
            harness.advanceWallClock(Duration.ofMillis(IDLE_MS + 100));

            assertThat(harness.deadLetters()).isEmpty();
            CleanRecord cleaned = harness.batches().getFirst().records().getFirst();
            assertThat(cleaned.getFeatures().subList(0, 2)).containsOnlyNulls();
        }
    }

    @Test
    void shouldKeepRecordsWithADuplicateIdAsSeparateRecordsOfTheirWindow() {
        try (TopologyHarness harness = new TopologyHarness(stateDir)) {
            harness.pipe(DemoInput.json("twin", T0));
            harness.pipe(DemoInput.avro("twin", T0 + 1));
            harness.advanceWallClock(Duration.ofMillis(IDLE_MS + 100));

            assertThat(harness.deadLetters()).isEmpty();
            assertThat(harness.batches()).singleElement().satisfies(batch -> assertThat(batch.recordIds()).containsExactly("twin", "twin"));
        }
    }

    @Test
    void shouldDeadLetterAnEventTimeFarInTheFutureAndKeepWindowingTheOthers() {
        try (TopologyHarness harness = new TopologyHarness(stateDir)) {
            harness.pipeValid(1, T0);
            harness.pipe(DemoInput.json("year-2999", Instant.parse("2999-01-01T00:00:00Z").toEpochMilli()));
            harness.pipe(DemoInput.json("just-ahead", NOW + Duration.ofDays(2).toMillis()));
            harness.pipeValid(2, T0 + 1);
            harness.advanceWallClock(Duration.ofMillis(IDLE_MS + 100));

            List<TestRecord<byte[], byte[]>> deadLetters = harness.deadLetters();
            assertThat(reasons(deadLetters)).containsExactly("future", "future");
            assertThat(DeadLetterHeaders.read(deadLetters.getFirst().headers(), DeadLetterHeaders.DETAIL)).contains("window.max.future.ms");
            assertThat(harness.batches()).singleElement().satisfies(batch -> assertThat(batch.recordIds()).containsExactly("r1", "r2"));
        }
    }

    @Test
    void shouldAcceptAnEventTimeAheadOfTheWallClockWithinTheConfiguredLimit() {
        try (TopologyHarness harness = new TopologyHarness(stateDir, Map.of("window.max.future.ms", String.valueOf(Duration.ofDays(3).toMillis())))) {
            harness.pipe(DemoInput.json("just-ahead", NOW + Duration.ofDays(2).toMillis()));
            harness.advanceWallClock(Duration.ofMillis(IDLE_MS + 100));

            assertThat(harness.deadLetters()).isEmpty();
            assertThat(harness.batches()).singleElement().satisfies(batch -> assertThat(batch.recordIds()).containsExactly("just-ahead"));
        }
    }

    @Test
    void shouldDeadLetterAnEventTimeFarInThePastAsLateOnceStreamTimeHasPassedIt() {
        try (TopologyHarness harness = new TopologyHarness(stateDir)) {
            harness.pipeValid(1, T0);
            harness.pipe(DemoInput.json("epoch", 0L));
            harness.pipeValid(2, T0 + WINDOW_MS / 2);
            harness.advanceWallClock(Duration.ofMillis(IDLE_MS + 100));

            assertThat(reasons(harness.deadLetters())).containsExactly("late");
            assertThat(harness.batches()).extracting(Batch::recordIds).containsExactly(List.of("r1", "r2"));
        }
    }

    @Test
    void shouldWindowAvroOfAnOlderWriterSchemaListedInInputWriterSchemas() throws Exception {
        Schema older = new Schema.Parser().parse(resource("older-demo-record.avsc").toFile());
        GenericRecord record = new GenericRecordBuilder(older).set("id", "old-1").set("eventTime", T0).set("tenureMonths", 3.0)
                .set("monthlySpend", 50.0).set("supportCalls", 1.0).set("region", "north").set("label", "stay").build();
        ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(record);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        Map<String, String> settings = Map.of("input.writer.schemas", resource("older-demo-record.avsc").toString());
        try (TopologyHarness harness = new TopologyHarness(stateDir, settings)) {
            harness.pipe(bytes);
            harness.advanceWallClock(Duration.ofMillis(IDLE_MS + 100));

            assertThat(harness.deadLetters()).isEmpty();
            assertThat(harness.batches()).singleElement().satisfies(batch -> assertThat(batch.recordIds()).containsExactly("old-1"));
        }
        try (TopologyHarness withoutIt = new TopologyHarness(stateDir.resolve("without"))) {
            withoutIt.pipe(bytes);

            assertThat(reasons(withoutIt.deadLetters())).containsExactly("undecodable");
        }
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(BadInputTest.class.getResource("/" + name).toURI());
    }

    private static List<String> reasons(List<TestRecord<byte[], byte[]>> deadLetters) {
        return deadLetters.stream().map(deadLetter -> DeadLetterHeaders.read(deadLetter.headers(), DeadLetterHeaders.REASON)).toList();
    }
}
