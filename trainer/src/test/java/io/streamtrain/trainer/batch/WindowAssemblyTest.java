package io.streamtrain.trainer.batch;

import static io.streamtrain.trainer.TestBatches.WINDOW_START;
import static io.streamtrain.trainer.TestBatches.chunk;
import static io.streamtrain.trainer.TestBatches.manifest;
import static io.streamtrain.trainer.TestBatches.records;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.BatchMessage;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.OffsetRange;
import io.streamtrain.messages.PartitionProgress;
import io.streamtrain.messages.WindowPart;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Windows assembled from the parts that several input partitions' tasks write. */
class WindowAssemblyTest {

    private static final String P = "churn";
    private static final String WINDOW = "churn-0-0";
    private static final Instant END = WINDOW_START.plusSeconds(60);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final AtomicLong now = new AtomicLong(1_000);
    private final BatchAssembler assembler = new BatchAssembler(new BatchLimits(1_000, 8, TIMEOUT), CommittedBatches.nothingBeyond(0), now::get);

    @Test
    void shouldHandOutTheWholeWindowOnceEveryInputPartitionsPartArrived() {
        List<CleanRecord> p1 = records("p1", 3);
        List<CleanRecord> p0 = records("p0", 2);
        assertThat(addPart(10, 1, 2, p1, END.minusSeconds(30))).isEmpty();
        assertThat(assembler.commitPoint(12).offset()).as("a waiting part holds the commit point").isEqualTo(10);

        AssembledBatch window = completed(addPart(12, 0, 2, p0, END.minusSeconds(30)));
        assertThat(window.batchId()).isEqualTo(WINDOW);
        assertThat(window.records()).as("in input partition order").containsExactlyElementsOf(concat(p0, p1));
        assertThat(window.manifest().getRecordCount()).isEqualTo(5);
        assertThat(window.manifest().getPart()).isNull();
        assertThat(window.manifest().getMissingPartitions()).isEmpty();
        assertThat(window.manifest().getSourceRanges()).extracting(OffsetRange::getPartition).containsExactly(0, 1);
        assertThat(window.firstOffset()).isEqualTo(10);
        assertThat(window.manifestOffset()).isEqualTo(13);
    }

    @Test
    void shouldSettleAPartitionWithoutAPartByItsProgressOrIdleness() {
        addPart(0, 0, 3, records("p0", 2), END.minusSeconds(30));
        assertThat(assembler.add(2, progress(1, 3, END.minusSeconds(1), false))).as("partition 1 has not passed the end").isEmpty();
        assertThat(assembler.add(3, progress(1, 3, END, false))).isEmpty();

        AssembledBatch window = completed(assembler.add(4, progress(2, 3, END.minusSeconds(50), true)));

        assertThat(window.records()).hasSize(2);
        assertThat(window.manifestOffset()).as("the message that completed it").isEqualTo(4);
    }

    @Test
    void shouldNotSettleAWindowByAnIdleReportWrittenBeforeItsFirstPart() {
        // Partition 1 said it was idle; its task then had the window's records to read when partition 0 closed its part.
        assertThat(assembler.add(0, progress(1, 2, END.minusSeconds(50), true))).isEmpty();
        assertThat(addPart(1, 0, 2, records("p0", 2), END.minusSeconds(30)))
                .as("the idle report is older than the window's first part").isEmpty();

        List<CleanRecord> p1 = records("p1", 3);
        AssembledBatch window = completed(addPart(3, 1, 2, p1, END.minusSeconds(30)));

        assertThat(window.records()).as("partition 1's part is in the window, not late").hasSize(5);
        assertThat(window.manifest().getMissingPartitions()).isEmpty();
    }

    @Test
    void shouldSettleAWindowByAnIdleReportRepeatedAfterItsFirstPart() {
        assertThat(assembler.add(0, progress(1, 2, END.minusSeconds(50), true))).isEmpty();
        assertThat(addPart(1, 0, 2, records("p0", 2), END.minusSeconds(30))).isEmpty();

        AssembledBatch window = completed(assembler.add(3, progress(1, 2, END.minusSeconds(50), true)));

        assertThat(window.records()).hasSize(2);
        assertThat(window.manifest().getMissingPartitions()).isEmpty();
        assertThat(window.manifestOffset()).as("the repeated report completed it").isEqualTo(3);
    }

    @Test
    void shouldHandOutEveryWindowThatOneMessageSettlesOneAtATime() {
        // An idle close split the window in partition 0 (sequences 0 and 1); partition 1's part of sequence 0 then
        // reports progress past the window's end, which settles both.
        String secondSequence = "churn-0-1";
        addPart(0, 0, 2, records("a", 2), END.minusSeconds(30));
        assertThat(addPart(assembler, 2, secondSequence, 0, 2, records("b", 3), END.minusSeconds(20))).isEmpty();

        AssembledBatch first = completed(addPart(4, 1, 2, records("c", 4), END));

        assertThat(first.batchId()).isEqualTo(WINDOW);
        assertThat(first.records()).hasSize(6);
        AssembledBatch second = completed(assembler.nextDue());
        assertThat(second.batchId()).as("due at once, not after the assembly timeout").isEqualTo(secondSequence);
        assertThat(second.records()).hasSize(3);
        assertThat(second.manifest().getMissingPartitions()).isEmpty();
        assertThat(assembler.nextDue()).isEmpty();
    }

    @Test
    void shouldAssembleAnUnsettledWindowAfterTheTimeoutNamingTheMissingPartitions() {
        addPart(0, 0, 2, records("p0", 2), END.minusSeconds(30));
        assertThat(assembler.nextDue()).isEmpty();

        now.addAndGet(TIMEOUT.toMillis());
        AssembledBatch window = completed(assembler.nextDue());

        assertThat(window.manifest().getMissingPartitions()).containsExactly(1);
        assertThat(window.records()).hasSize(2);
    }

    @Test
    void shouldRejectAPartThatArrivesAfterItsWindowWasAssembledWithItsRecordCount() {
        addPart(0, 0, 2, records("p0", 2), END.minusSeconds(30));
        now.addAndGet(TIMEOUT.toMillis());
        assembler.finish(completed(assembler.nextDue()).batchId());

        List<AssemblyResult> late = addPart(5, 1, 2, records("p1", 4), END.minusSeconds(30));

        assertThat(late).singleElement().isInstanceOfSatisfying(AssemblyResult.Rejected.class, rejected -> {
            assertThat(rejected.batchId()).isEqualTo(WINDOW + "@p1");
            assertThat(rejected.reason()).startsWith("late part");
            assertThat(rejected.recordsHeld()).isEqualTo(4);
        });
    }

    @Test
    void shouldNotCountThePartsOfAWindowFinishedBeyondTheCommittedOffsetAsUnfinishedAfterARestart() {
        addPart(0, 0, 2, records("p0", 2), END.minusSeconds(30));
        assembler.add(2, chunk(P, "churn-0-1@p0", 0, records("next", 1)));
        AssembledBatch window = completed(addPart(3, 1, 2, records("p1", 2), END.minusSeconds(30)));
        assembler.finish(window.batchId());
        CommitPoint point = assembler.commitPoint(5);
        assertThat(point.offset()).as("held by the open part of the next window").isEqualTo(2);

        BatchAssembler restarted = new BatchAssembler(new BatchLimits(1_000, 8, TIMEOUT),
                CommitMetadata.decode(point.offset(), CommitMetadata.encode(point, OptionalLong.empty())), now::get);
        restarted.add(2, chunk(P, "churn-0-1@p0", 0, records("next", 1)));

        assertThat(restarted.add(3, chunk(P, WINDOW + "@p1", 0, records("p1", 2)))).isEmpty();
        assertThat(restarted.add(4, partManifest(1, 2, 2, END.minusSeconds(30)))).isEmpty();
        assertThat(restarted.commitPoint(5).unfinishedIds()).as("the finished window's part waits for the horizon only")
                .containsExactly("churn-0-1@p0");
    }

    /**
     * While one window waits for a late part, hundreds of later windows finish beyond the committed offset (as when
     * {@code window.max.records} closes many windows of one event-time window and one input partition lags): a restart
     * must train none of them again, however many there are (it assembles them only to rebuild the horizon), and keep
     * waiting for the late part.
     */
    @Test
    void shouldTrainNoFinishedWindowAgainAfterARestartHoweverManyFinishedWhileOneWaits() {
        int windows = 500;
        Instant closedThrough = END.minusSeconds(30);
        long offset = 0;
        for (int partition = 0; partition < 3; partition++) {
            assertThat(addPart(offset, partition, 4, records("w0p" + partition, 1), closedThrough)).isEmpty();
            offset += 2;
        }
        for (int w = 1; w <= windows; w++) {
            String window = P + "-0-" + w;
            for (int partition = 0; partition < 4; partition++) {
                List<AssemblyResult> results = addPart(assembler, offset, window, partition, 4,
                        records("w" + w + "p" + partition, 1), closedThrough);
                offset += 2;
                if (partition == 3) {
                    assembler.finish(completed(results).batchId());
                }
            }
        }
        CommitPoint point = assembler.commitPoint(offset);
        assertThat(point.offset()).as("held by the window waiting for partition 3").isZero();

        BatchAssembler restarted = restartFrom(point);
        List<AssemblyResult> again = new ArrayList<>();
        long replayed = 0;
        for (int partition = 0; partition < 3; partition++) {
            again.addAll(addPart(restarted, replayed, WINDOW, partition, 4, records("w0p" + partition, 1), closedThrough));
            replayed += 2;
        }
        for (int w = 1; w <= windows; w++) {
            for (int partition = 0; partition < 4; partition++) {
                again.addAll(addPart(restarted, replayed, P + "-0-" + w, partition, 4,
                        records("w" + w + "p" + partition, 1), closedThrough));
                replayed += 2;
            }
        }

        assertThat(again).as("every window finished before the restart, assembled again for the horizon only")
                .hasSize(windows).allSatisfy(result -> assertThat(result).isInstanceOfSatisfying(
                        AssemblyResult.Complete.class, complete -> assertThat(restarted.finishedEarlier(complete.batch()))
                                .as(complete.batch().batchId()).isTrue()));
        again.forEach(result -> restarted.finish(((AssemblyResult.Complete) result).batch().batchId()));
        assertThat(restarted.pendingBatches()).as("the window waiting for its late part").isEqualTo(1);
        AssembledBatch waiting = completed(addPart(restarted, replayed, WINDOW, 3, 4, records("w0p3", 1), closedThrough));
        assertThat(waiting.records()).hasSize(4);
        assertThat(restarted.finishedEarlier(waiting)).as("the waiting window is trained").isFalse();
    }

    @Test
    void shouldSettleAWindowThatAnEarlierReaderFinishedWhenTheRebuildReachesTheCommittedOffset() {
        addPart(0, 0, 2, records("p0", 2), END.minusSeconds(30));
        assembler.add(2, chunk(P, "churn-1-0@p0", 0, records("later", 1)));

        List<AssemblyResult> settled = assembler.settleBefore(2);

        assertThat(completed(settled).batchId()).isEqualTo(WINDOW);
        assertThat(assembler.pendingBatches()).as("the open part after the committed offset stays").isEqualTo(1);
    }

    private List<AssemblyResult> addPart(long offset, int partition, int partitions, List<CleanRecord> records,
                                         Instant closedThrough) {
        return addPart(assembler, offset, WINDOW, partition, partitions, records, closedThrough);
    }

    /** Adds a part of {@code window} as a chunk at {@code offset} and its manifest at {@code offset + 1}. */
    private static List<AssemblyResult> addPart(BatchAssembler assembler, long offset, String window, int partition,
                                                int partitions, List<CleanRecord> records, Instant closedThrough) {
        assertThat(assembler.add(offset, chunk(P, window + "@p" + partition, 0, records))).isEmpty();
        return assembler.add(offset + 1, partManifest(window, partition, partitions, records.size(), closedThrough));
    }

    private static BatchMessage partManifest(int partition, int partitions, int records, Instant closedThrough) {
        return partManifest(WINDOW, partition, partitions, records, closedThrough);
    }

    private static BatchMessage partManifest(String window, int partition, int partitions, int records,
                                             Instant closedThrough) {
        BatchManifest part = (BatchManifest) manifest(P, window, 1, records).getPart();
        part.setSourceRanges(List.of(new OffsetRange(partition, 0L, (long) records - 1, (long) records)));
        part.setPart(new WindowPart(window, new PartitionProgress(partition, partitions, closedThrough, false)));
        return new BatchMessage(P, window + "@p" + partition, part);
    }

    private static BatchMessage progress(int partition, int partitions, Instant closedThrough, boolean idle) {
        return new BatchMessage(P, P + "-progress@p" + partition, new PartitionProgress(partition, partitions, closedThrough, idle));
    }

    /** A new reader of the partition, built from what {@code point} commits (through its metadata string). */
    private BatchAssembler restartFrom(CommitPoint point) {
        return new BatchAssembler(new BatchLimits(1_000, 8, TIMEOUT),
                CommitMetadata.decode(point.offset(), CommitMetadata.encode(point, OptionalLong.empty())), now::get);
    }

    private static AssembledBatch completed(List<AssemblyResult> results) {
        assertThat(results).singleElement().isInstanceOf(AssemblyResult.Complete.class);
        return ((AssemblyResult.Complete) results.getFirst()).batch();
    }

    private static List<CleanRecord> concat(List<CleanRecord> first, List<CleanRecord> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
