package io.streamtrain.streams;

import static io.streamtrain.streams.TopologyHarness.GRACE_MS;
import static io.streamtrain.streams.TopologyHarness.IDLE_MS;
import static io.streamtrain.streams.TopologyHarness.PIPELINE;
import static io.streamtrain.streams.TopologyHarness.T0;
import static io.streamtrain.streams.TopologyHarness.WINDOW_MS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.deadletter.DeadLetterHeaders;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.streams.TopologyHarness.Batch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeadLetteringTest {

    private static final int RECORD_MAX_BYTES = 1024;

    @TempDir
    Path stateDir;

    static Stream<Arguments> poisonPills() {
        byte[] random = new byte[64];
        new Random(7).nextBytes(random);
        random[0] = 0x00;
        byte[] unknownAvroSchema = new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 2, 'x'};
        ObjectNode wrongType = DemoInput.jsonObject("p3", T0).put("tenureMonths", "twelve");
        ObjectNode missingLabel = DemoInput.jsonObject("p4", T0);
        missingLabel.remove("label");
        ObjectNode blankId = DemoInput.jsonObject("p5", T0).put("id", " ");
        ObjectNode oversized = DemoInput.jsonObject("p6", T0).put("region", "x".repeat(RECORD_MAX_BYTES));
        ObjectNode noFeatures = DemoInput.jsonObject("p7", T0);
        List.of("tenureMonths", "monthlySpend", "supportCalls", "usageHours", "premium", "region").forEach(noFeatures::remove);
        return Stream.of(
                Arguments.of("random bytes", random, "undecodable"),
                Arguments.of("truncated JSON", DemoInput.utf8("{\"id\": \"p2\", \"eventTime\": "), "undecodable"),
                Arguments.of("Avro of an unknown schema", unknownAvroSchema, "undecodable"),
                Arguments.of("null value", null, "undecodable"),
                Arguments.of("JSON array", DemoInput.utf8("[1, 2]"), "invalid"),
                Arguments.of("wrong field type", DemoInput.bytes(wrongType), "invalid"),
                Arguments.of("missing label", DemoInput.bytes(missingLabel), "missing-label"),
                Arguments.of("blank id", DemoInput.bytes(blankId), "missing-id"),
                Arguments.of("no features", DemoInput.bytes(noFeatures), "no-features"),
                Arguments.of("oversized", DemoInput.bytes(oversized), "oversized"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poisonPills")
    void shouldDeadLetterPoisonPillWithReasonHeadersAndOriginalBytes(String kind, byte[] value, String reason) {
        try (TopologyHarness harness = new TopologyHarness(stateDir, Map.of(PipelineConfig.RECORD_MAX_BYTES_CONFIG, String.valueOf(RECORD_MAX_BYTES)))) {
            harness.pipeValid(1, T0 + 1);
            RecordHeaders headers = new RecordHeaders();
            headers.add("trace-id", "abc".getBytes(StandardCharsets.UTF_8));
            harness.pipe("key-1".getBytes(StandardCharsets.UTF_8), value, headers);
            harness.pipeValid(2, T0 + 2);
            harness.advanceWallClock(Duration.ofMillis(IDLE_MS + 100));

            List<TestRecord<byte[], byte[]>> deadLetters = harness.deadLetters();
            assertThat(deadLetters).hasSize(1);
            TestRecord<byte[], byte[]> deadLetter = deadLetters.getFirst();
            assertThat(deadLetter.value()).isEqualTo(value);
            assertThat(deadLetter.key()).asString(StandardCharsets.UTF_8).isEqualTo("key-1");
            assertThat(new String(deadLetter.headers().lastHeader("trace-id").value(), StandardCharsets.UTF_8)).isEqualTo("abc");
            assertThat(DeadLetterHeaders.read(deadLetter.headers(), DeadLetterHeaders.REASON)).isEqualTo(reason);
            assertThat(DeadLetterHeaders.read(deadLetter.headers(), DeadLetterHeaders.DETAIL)).isNotBlank();
            assertThat(DeadLetterHeaders.read(deadLetter.headers(), DeadLetterHeaders.SERVICE)).isEqualTo("streams-app");
            assertThat(DeadLetterHeaders.read(deadLetter.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(PIPELINE + ".records");
            assertThat(DeadLetterHeaders.read(deadLetter.headers(), DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
            assertThat(DeadLetterHeaders.read(deadLetter.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
            assertThat(harness.batches()).singleElement().satisfies(batch -> assertThat(batch.recordIds()).containsExactly("r1", "r2"));
        }
    }

    @Test
    void shouldDeadLetterCleanedRecordTooLargeForABatchChunk() {
        Map<String, String> settings = Map.of(PipelineConfig.BATCH_CHUNK_MAX_BYTES_CONFIG, "4096", PipelineConfig.RECORD_MAX_BYTES_CONFIG, "65536");
        try (TopologyHarness harness = new TopologyHarness(stateDir, settings)) {
            harness.pipe(DemoInput.bytes(DemoInput.jsonObject("huge", T0).put("region", "x".repeat(5000))));

            assertThat(harness.deadLetters()).singleElement().satisfies(deadLetter -> {
                assertThat(DeadLetterHeaders.read(deadLetter.headers(), DeadLetterHeaders.REASON)).isEqualTo("oversized");
                assertThat(DeadLetterHeaders.read(deadLetter.headers(), DeadLetterHeaders.DETAIL)).contains("batch.chunk.max.bytes");
            });
        }
    }

    @Test
    void shouldConserveRecordsAcrossBatchesAndDeadLetters() {
        Random random = new Random(42);
        List<byte[]> poison = List.of(DemoInput.utf8("{"), new byte[] {1, 2, 3}, DemoInput.utf8("{\"id\": 5}"), DemoInput.utf8("\"text\""));
        Set<String> validIds = new HashSet<>();
        int inputs = 3_000;
        try (TopologyHarness harness = new TopologyHarness(stateDir, Map.of(PipelineConfig.WINDOW_MAX_RECORDS_CONFIG, "150"))) {
            for (int n = 0; n < inputs; n++) {
                // Event time advances 20 ms per record with up to 4 s of disorder, so some records arrive after grace.
                long eventTime = T0 + n * 20L - random.nextInt(4_000);
                if (random.nextInt(100) < 8) {
                    harness.pipe(poison.get(random.nextInt(poison.size())));
                } else {
                    harness.pipeValid(n, eventTime);
                    validIds.add("r" + n);
                }
            }
            harness.advanceWallClock(Duration.ofMillis(IDLE_MS + 100));

            List<String> batched = harness.batches().stream().flatMap(batch -> batch.recordIds().stream()).toList();
            List<TestRecord<byte[], byte[]>> deadLetters = harness.deadLetters();
            List<String> late = new ArrayList<>();
            for (TestRecord<byte[], byte[]> deadLetter : deadLetters) {
                if ("late".equals(DeadLetterHeaders.read(deadLetter.headers(), DeadLetterHeaders.REASON))) {
                    late.add(AvroMessageCodec.of(CleanRecord.class).decode(deadLetter.value()).getRecordId());
                }
            }
            assertThat(late).as("the disorder makes some records late").isNotEmpty();
            assertThat(batched.size() + deadLetters.size()).isEqualTo(inputs);
            assertThat(batched).doesNotHaveDuplicates().doesNotContainAnyElementsOf(late);
            List<String> accounted = new ArrayList<>(batched);
            accounted.addAll(late);
            assertThat(accounted).containsExactlyInAnyOrderElementsOf(validIds);
        }
    }
}
