package io.streamtrain.streams;

import static io.streamtrain.streams.TopologyHarness.GRACE_MS;
import static io.streamtrain.streams.TopologyHarness.IDLE_MS;
import static io.streamtrain.streams.TopologyHarness.PARTITION_IDLE_MS;
import static io.streamtrain.streams.TopologyHarness.PIPELINE;
import static io.streamtrain.streams.TopologyHarness.T0;
import static io.streamtrain.streams.TopologyHarness.WINDOW_MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.deadletter.DeadLetterHeaders;
import io.streamtrain.messages.BatchChunk;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.OffsetRange;
import io.streamtrain.messages.PartitionProgress;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.messages.WindowCloseReason;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.streams.TopologyHarness.Batch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MicroBatchWindowingTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldCloseWindowWhenStreamTimePassesEndPlusGrace() {
        try (TopologyHarness harness = new TopologyHarness(stateDir)) {
            harness.pipeValid(1, T0 + 1_000);
            harness.pipeValid(2, T0 + 9_999);
            harness.pipeValid(3, T0 + WINDOW_MS + GRACE_MS);

            List<Batch> batches = harness.batches();
            assertThat(batches).singleElement().satisfies(batch -> {
                assertThat(batch.batchId()).isEqualTo(PIPELINE + "-" + T0 + "-0");
                assertThat(batch.key()).isEqualTo(PIPELINE);
                assertThat(batch.recordIds()).containsExactly("r1", "r2");
                assertThat(batch.manifest().getCloseReason()).isEqualTo(WindowCloseReason.STREAM_TIME);
                assertThat(batch.manifest().getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0));
                assertThat(batch.manifest().getWindowEnd()).isEqualTo(Instant.ofEpochMilli(T0 + WINDOW_MS));
                assertThat(batch.manifest().getRecordCount()).isEqualTo(2);
                assertThat(batch.manifest().getSourceTopic()).isEqualTo(PIPELINE + ".records");
                assertThat(batch.manifest().getFeatureNames()).isEqualTo(harness.pipeline.featureSpec().featureNames());
            });
        }
    }

    @Test
    void shouldKeepWindowOpenUntilStreamTimeReachesEndPlusGrace() {
        try (TopologyHarness harness = new TopologyHarness(stateDir)) {
            harness.pipeValid(1, T0 + 1_000);
            harness.pipeValid(2, T0 + WINDOW_MS + GRACE_MS - 1);
            harness.pipeValid(3, T0 + 5_000);

            assertThat(harness.batches()).isEmpty();
            harness.pipeValid(4, T0 + WINDOW_MS + GRACE_MS);
            assertThat(harness.batches()).singleElement()
                    .satisfies(batch -> assertThat(batch.recordIds()).containsExactly("r1", "r3"));
        }
    }

    @Test
    void shouldCloseWindowEarlyWhenItReachesMaxRecordsAndOpenTheNextSequence() {
        try (TopologyHarness harness = new TopologyHarness(stateDir, Map.of(PipelineConfig.WINDOW_MAX_RECORDS_CONFIG, "3"))) {
            IntStream.rangeClosed(1, 7).forEach(n -> harness.pipeValid(n, T0 + n));
            harness.pipeValid(8, T0 + WINDOW_MS + GRACE_MS);

            List<Batch> batches = harness.batches();
            assertThat(batches).extracting(Batch::batchId)
                    .containsExactly(PIPELINE + "-" + T0 + "-0", PIPELINE + "-" + T0 + "-1", PIPELINE + "-" + T0 + "-2");
            assertThat(batches).extracting(batch -> batch.manifest().getCloseReason())
                    .containsExactly(WindowCloseReason.MAX_RECORDS, WindowCloseReason.MAX_RECORDS, WindowCloseReason.STREAM_TIME);
            assertThat(batches).extracting(Batch::recordIds)
                    .containsExactly(List.of("r1", "r2", "r3"), List.of("r4", "r5", "r6"), List.of("r7"));
        }
    }

    @Test
    void shouldCloseOpenWindowsWhenNoRecordArrivesForIdleTime() {
        try (TopologyHarness harness = new TopologyHarness(stateDir)) {
            harness.pipeValid(1, T0 + 1_000);
            harness.pipeValid(2, T0 + WINDOW_MS + 1_000);

            harness.advanceWallClock(Duration.ofMillis(IDLE_MS - 200));
            assertThat(harness.batches()).isEmpty();

            harness.advanceWallClock(Duration.ofMillis(300));
            List<Batch> batches = harness.batches();
            assertThat(batches).extracting(Batch::recordIds).containsExactly(List.of("r1"), List.of("r2"));
            assertThat(batches).allSatisfy(batch -> assertThat(batch.manifest().getCloseReason()).isEqualTo(WindowCloseReason.IDLE));
        }
    }

    @Test
    void shouldOpenNextSequenceWhenRecordArrivesForPeriodClosedByIdleTime() {
        try (TopologyHarness harness = new TopologyHarness(stateDir)) {
            harness.pipeValid(1, T0 + 1_000);
            harness.advanceWallClock(Duration.ofMillis(IDLE_MS + 100));
            harness.pipeValid(2, T0 + 2_000);
            harness.pipeValid(3, T0 + WINDOW_MS + GRACE_MS);

            assertThat(harness.batches()).extracting(Batch::batchId, Batch::recordIds).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(PIPELINE + "-" + T0 + "-0", List.of("r1")),
                    org.assertj.core.groups.Tuple.tuple(PIPELINE + "-" + T0 + "-1", List.of("r2")));
            assertThat(harness.deadLetters()).isEmpty();
        }
    }

    @Test
    void shouldDeadLetterLateRecordWithReasonLateAndItsSourcePosition() {
        try (TopologyHarness harness = new TopologyHarness(stateDir)) {
            harness.pipeValid(1, T0 + 1_000);
            harness.pipeValid(2, T0 + WINDOW_MS + GRACE_MS + 500);
            harness.pipeValid(3, T0 + 5_000);

            assertThat(harness.batches()).singleElement().satisfies(batch -> assertThat(batch.recordIds()).containsExactly("r1"));
            TestRecord<byte[], byte[]> late = harness.deadLetters().getFirst();
            assertThat(DeadLetterHeaders.read(late.headers(), DeadLetterHeaders.REASON)).isEqualTo("late");
            assertThat(DeadLetterHeaders.read(late.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(PIPELINE + ".records");
            assertThat(DeadLetterHeaders.read(late.headers(), DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
            assertThat(DeadLetterHeaders.read(late.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("2");
            assertThat(DeadLetterHeaders.read(late.headers(), DeadLetterHeaders.SERVICE)).isEqualTo("streams-app");
            CleanRecord record = AvroMessageCodec.of(CleanRecord.class).decode(late.value());
            assertThat(record.getRecordId()).isEqualTo("r3");
            assertThat(record.getSourceOffset()).isEqualTo(2);
        }
    }

    @Test
    void shouldKeepTheOriginalKeyOfALateRecordsDeadLetter() {
        try (TopologyHarness harness = new TopologyHarness(stateDir)) {
            harness.pipe(DemoInput.utf8("k1"), DemoInput.json("r1", T0 + 1_000), new RecordHeaders());
            harness.pipe(DemoInput.utf8("k2"), DemoInput.json("r2", T0 + WINDOW_MS + GRACE_MS + 500), new RecordHeaders());
            harness.pipe(DemoInput.utf8("k3-late"), DemoInput.json("r3", T0 + 5_000), new RecordHeaders());
            harness.pipe(null, DemoInput.json("r4", T0 + 6_000), new RecordHeaders());

            assertThat(harness.deadLetters()).extracting(dead -> dead.key() == null ? null : new String(dead.key(), StandardCharsets.UTF_8))
                    .containsExactly("k3-late", null);
        }
    }

    @Test
    void shouldSplitLargeWindowIntoChunksUnderTheLimitWithMatchingChunkCount() {
        int chunkLimit = 4096;
        try (TopologyHarness harness = new TopologyHarness(stateDir, Map.of(PipelineConfig.BATCH_CHUNK_MAX_BYTES_CONFIG, String.valueOf(chunkLimit)))) {
            IntStream.range(0, 400).forEach(n -> harness.pipeValid(n, T0 + n));
            harness.pipeValid(400, T0 + WINDOW_MS + GRACE_MS);

            Batch batch = harness.batches().getFirst();
            assertThat(batch.encodedChunks()).hasSizeGreaterThan(3).allSatisfy(chunk -> assertThat(chunk.length).isLessThanOrEqualTo(chunkLimit));
            assertThat(batch.manifest().getChunkCount()).isEqualTo(batch.encodedChunks().size());
            assertThat(batch.chunks()).extracting(BatchChunk::getChunkIndex)
                    .containsExactlyElementsOf(IntStream.range(0, batch.encodedChunks().size()).boxed().toList());
            assertThat(batch.recordIds()).containsExactlyElementsOf(IntStream.range(0, 400).mapToObj(n -> "r" + n).toList());
            assertThat(batch.manifest().getRecordCount()).isEqualTo(400);
        }
    }

    @Test
    void shouldRecordSourceOffsetRangeOfTheWindowInItsManifest() {
        try (TopologyHarness harness = new TopologyHarness(stateDir)) {
            harness.pipeValid(1, T0 + 1_000);
            harness.pipe(DemoInput.utf8("not json"));
            harness.pipeValid(2, T0 + WINDOW_MS + 1);
            harness.pipeValid(3, T0 + 2_000);
            harness.pipeValid(4, T0 + 2 * WINDOW_MS + GRACE_MS);

            Batch first = harness.batches().getFirst();
            assertThat(first.manifest().getSourceRanges()).containsExactly(new OffsetRange(0, 0L, 3L, 2L));
        }
    }

    @Test
    void shouldEmitWindowClosedEventCountingRecordsDeadLetteredSinceThePreviousClose() {
        try (TopologyHarness harness = new TopologyHarness(stateDir)) {
            harness.pipeValid(1, T0 + 1_000);
            harness.pipe(DemoInput.utf8("{broken"));
            harness.pipe(DemoInput.utf8("[]"));
            harness.pipeValid(2, T0 + WINDOW_MS + GRACE_MS);
            harness.pipeValid(3, T0 + 1_500);
            harness.pipeValid(4, T0 + 2 * WINDOW_MS + GRACE_MS);

            List<PipelineEvent> events = harness.events();
            assertThat(events).hasSize(2).allSatisfy(event -> {
                assertThat(event.getType()).isEqualTo(EventType.WINDOW_CLOSED);
                assertThat(event.getPipeline()).isEqualTo(PIPELINE);
                assertThat(event.getSource()).isEqualTo("streams-app");
            });
            assertThat(events.get(0).getAttributes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "batchId", PIPELINE + "-" + T0 + "-0",
                    "windowStart", String.valueOf(T0),
                    "windowEnd", String.valueOf(T0 + WINDOW_MS),
                    "records", "1",
                    "chunks", "1",
                    "reason", "STREAM_TIME",
                    "deadLettered", "2"));
            // r3 was late: it counts towards the window that closed after it.
            assertThat(events.get(1).getAttributes()).containsEntry("records", "1").containsEntry("deadLettered", "1");
        }
    }

    @Test
    void shouldWriteThePartOfItsInputPartitionWithItsProgressWhenTheInputHasSeveralPartitions() {
        try (TopologyHarness harness = new TopologyHarness(stateDir, Map.of(), 4)) {
            harness.pipeValid(1, T0 + 1_000);
            harness.pipeValid(2, T0 + 2_000);
            harness.pipeValid(3, T0 + WINDOW_MS + GRACE_MS);

            assertThat(harness.batches()).singleElement().satisfies(batch -> {
                assertThat(batch.batchId()).isEqualTo(PIPELINE + "-" + T0 + "-0@p0");
                assertThat(batch.recordIds()).containsExactly("r1", "r2");
                assertThat(batch.manifest().getCloseReason()).isEqualTo(WindowCloseReason.STREAM_TIME);
                assertThat(batch.manifest().getPart().getWindowBatchId()).isEqualTo(PIPELINE + "-" + T0 + "-0");
                assertThat(batch.manifest().getPart().getProgress()).isEqualTo(
                        new PartitionProgress(0, 4, Instant.ofEpochMilli(T0 + WINDOW_MS), false));
            });
            assertThat(harness.events()).as("the trainer reports the assembled window").isEmpty();
        }
    }

    @Test
    void shouldCloseAPartAtItsShareOfMaxRecords() {
        try (TopologyHarness harness = new TopologyHarness(stateDir, Map.of(PipelineConfig.WINDOW_MAX_RECORDS_CONFIG, "9"), 4)) {
            IntStream.range(0, 5).forEach(n -> harness.pipeValid(n, T0 + n));

            assertThat(harness.batches()).extracting(Batch::batchId, Batch::recordIds).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(PIPELINE + "-" + T0 + "-0@p0", List.of("r0", "r1")),
                    org.assertj.core.groups.Tuple.tuple(PIPELINE + "-" + T0 + "-1@p0", List.of("r2", "r3")));
        }
    }

    @Test
    void shouldWriteProgressWhenStreamTimePassesAWindowItHasNoPartOf() {
        try (TopologyHarness harness = new TopologyHarness(stateDir, Map.of(), 4)) {
            harness.pipeValid(1, T0 + 1_000);
            harness.pipeValid(2, T0 + 2 * WINDOW_MS + 1_000);
            assertThat(harness.progress()).extracting(progress -> progress.getClosedThrough().toEpochMilli())
                    .as("the first record's progress; the window of r1 then carries it in its part")
                    .containsExactly(T0 - WINDOW_MS);

            harness.pipeValid(3, T0 + 2 * WINDOW_MS + GRACE_MS + 1_000);

            assertThat(harness.progress()).singleElement().isEqualTo(
                    new PartitionProgress(0, 4, Instant.ofEpochMilli(T0 + 2 * WINDOW_MS), false));
        }
    }

    @Test
    void shouldWriteIdleProgressAfterThePartitionIdleTimeThenEveryIdleCloseTimeAndResumeWhenARecordArrives() {
        try (TopologyHarness harness = new TopologyHarness(stateDir, Map.of(), 4)) {
            harness.advanceWallClock(Duration.ofMillis(PARTITION_IDLE_MS - 1_000));
            assertThat(harness.progress()).as("not idle before the partition idle time").isEmpty();
            harness.advanceWallClock(Duration.ofMillis(1_200));

            assertThat(harness.progress()).singleElement().satisfies(progress -> {
                assertThat(progress.getIdle()).isTrue();
                assertThat(progress.getInputPartitions()).isEqualTo(4);
            });
            // The repeat is the window idle close time (shorter here than the partition idle time).
            harness.advanceWallClock(Duration.ofMillis(IDLE_MS - 1_500));
            assertThat(harness.progress()).as("said once per repeat").isEmpty();
            harness.advanceWallClock(Duration.ofMillis(1_700));
            assertThat(harness.progress()).singleElement().satisfies(progress -> assertThat(progress.getIdle()).isTrue());

            harness.pipeValid(1, T0 + 1_000);
            assertThat(harness.progress()).first().satisfies(progress -> assertThat(progress.getIdle()).isFalse());
        }
    }
}
