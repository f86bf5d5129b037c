package io.streamtrain.streams;

import static io.streamtrain.streams.TopologyHarness.PIPELINE;
import static io.streamtrain.streams.TopologyHarness.T0;
import static io.streamtrain.streams.TopologyHarness.WINDOW_MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.WindowCloseReason;
import io.streamtrain.streams.TopologyHarness.Batch;
import io.streamtrain.streams.internal.control.WindowFullNotices;
import io.streamtrain.streams.internal.window.WindowInput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With several input partitions a part that reaches its share of {@code window.max.records} makes the whole window
 * close: its task writes a full-window notice to the control topic, and every task closes its part of that window.
 * The driver runs the task of input partition 0; notices from other partitions are piped to the control topic.
 */
class WindowFullNoticeTest {

    private static final Map<String, String> MAX_9 = Map.of(PipelineConfig.WINDOW_MAX_RECORDS_CONFIG, "9");
    private static final Duration CHECK = Duration.ofMillis(200);

    @TempDir
    Path stateDir;

    @Test
    void shouldWriteAFullWindowNoticeWhenAPartReachesItsShareOfMaxRecords() {
        try (TopologyHarness harness = new TopologyHarness(stateDir, MAX_9, 4)) {
            IntStream.range(0, 3).forEach(n -> harness.pipeValid(n, T0 + n));

            assertThat(harness.batches()).extracting(Batch::batchId, batch -> batch.manifest().getCloseReason())
                    .containsExactly(tuple(PIPELINE + "-" + T0 + "-0@p0", WindowCloseReason.MAX_RECORDS));
            assertThat(harness.controlMessages()).singleElement().satisfies(notice -> {
                assertThat(notice.getType()).isEqualTo(EventType.WINDOW_CLOSED);
                assertThat(notice.getAttributes()).containsEntry("batchId", PIPELINE + "-" + T0 + "-0")
                        .containsEntry("reason", "MAX_RECORDS");
            });
            harness.advanceWallClock(CHECK);
            assertThat(harness.batches()).as("its own notice, read back from the global store, changes nothing").isEmpty();
        }
    }

    @Test
    void shouldCloseItsPartOfAWindowThatAnotherPartitionFoundFull() {
        try (TopologyHarness harness = new TopologyHarness(stateDir, MAX_9, 4)) {
            harness.pipeValid(1, T0 + 1);
            harness.pipeControl(notice(T0, 0, 3));
            harness.advanceWallClock(CHECK);

            assertThat(harness.batches()).singleElement().satisfies(batch -> {
                assertThat(batch.batchId()).isEqualTo(PIPELINE + "-" + T0 + "-0@p0");
                assertThat(batch.recordIds()).containsExactly("r1");
                assertThat(batch.manifest().getCloseReason()).isEqualTo(WindowCloseReason.MAX_RECORDS);
            });
            assertThat(harness.controlMessages()).as("only a part that filled up writes a notice").isEmpty();

            harness.pipeControl(notice(T0, 0, 2));
            harness.advanceWallClock(CHECK);
            harness.pipeValid(2, T0 + 2);
            harness.pipeValid(3, T0 + 3);
            assertThat(harness.batches()).as("a duplicate notice changes nothing; later records open the next window")
                    .extracting(Batch::batchId, Batch::recordIds)
                    .containsExactly(tuple(PIPELINE + "-" + T0 + "-1@p0", List.of("r2", "r3")));
        }
    }

    @Test
    void shouldWriteAnEmptyPartOfAFullWindowItHasNoRecordsOfAndPutLaterRecordsInTheNextWindow() {
        try (TopologyHarness harness = new TopologyHarness(stateDir, MAX_9, 4)) {
            // Stream time is in the next window, within the first one's grace: the first window is still open here.
            harness.pipeValid(1, T0 + WINDOW_MS + 1);
            harness.pipeControl(notice(T0, 0, 1));
            harness.advanceWallClock(CHECK);

            assertThat(harness.batches()).singleElement().satisfies(batch -> {
                assertThat(batch.batchId()).isEqualTo(PIPELINE + "-" + T0 + "-0@p0");
                assertThat(batch.manifest().getRecordCount()).isZero();
                assertThat(batch.manifest().getChunkCount()).isZero();
                assertThat(batch.manifest().getCloseReason()).isEqualTo(WindowCloseReason.MAX_RECORDS);
            });
            harness.pipeValid(2, T0 + 2);
            harness.pipeValid(3, T0 + 3);
            assertThat(harness.batches()).extracting(Batch::batchId, Batch::recordIds)
                    .containsExactly(tuple(PIPELINE + "-" + T0 + "-1@p0", List.of("r2", "r3")));
        }
    }

    @Test
    void shouldKeepItsPlaceInAFullWindowItsStreamTimeHasNotReached() {
        try (TopologyHarness harness = new TopologyHarness(stateDir, MAX_9, 4)) {
            harness.pipeValid(1, T0 + 1);
            harness.pipeControl(notice(T0 + WINDOW_MS, 0, 1));
            harness.advanceWallClock(CHECK);
            assertThat(harness.batches()).as("behind that window: its records of it are still to come").isEmpty();

            harness.pipeValid(2, T0 + WINDOW_MS + 1);
            harness.pipeValid(3, T0 + WINDOW_MS + 2);
            harness.pipeValid(4, T0 + WINDOW_MS + 3);
            assertThat(harness.batches()).extracting(Batch::batchId, Batch::recordIds)
                    .as("they join the same window, whose part closes at its share")
                    .containsExactly(tuple(PIPELINE + "-" + (T0 + WINDOW_MS) + "-0@p0", List.of("r2", "r3")));
        }
    }

    @Test
    void shouldIgnoreANoticeOfAWindowItsStreamTimeHasClosed() {
        try (TopologyHarness harness = new TopologyHarness(stateDir, MAX_9, 4)) {
            harness.pipeValid(1, T0 + 3 * WINDOW_MS);
            harness.batches();
            harness.pipeControl(notice(T0, 0, 1));
            harness.advanceWallClock(CHECK);

            assertThat(harness.batches()).as("its progress settles that window").isEmpty();
        }
    }

    private static byte[] notice(long windowStart, int seq, int partition) {
        return WindowFullNotices.encode(PIPELINE, "streams-app", new WindowInput.WindowFull(windowStart, seq, partition),
                PIPELINE + "-" + windowStart + "-" + seq, T0);
    }
}
