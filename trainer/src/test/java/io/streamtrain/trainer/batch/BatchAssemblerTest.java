package io.streamtrain.trainer.batch;

import static io.streamtrain.trainer.TestBatches.chunk;
import static io.streamtrain.trainer.TestBatches.manifest;
import static io.streamtrain.trainer.TestBatches.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.messages.CleanRecord;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchAssemblerTest {

    private static final CommittedBatches NOTHING = CommittedBatches.nothingBeyond(0);

    private static final String P = "churn";
    private static final BatchLimits ROOMY = new BatchLimits(1_000, 8, Duration.ofMinutes(1));

    private final List<CleanRecord> a = records("A", 6);
    private final List<CleanRecord> b = records("B", 4);

    @Test
    void shouldCompleteBatchOnlyWhenManifestAndEveryChunkArrived() {
        BatchAssembler assembler = new BatchAssembler(ROOMY, NOTHING);

        assertThat(assembler.add(10, chunk(P, "A", 0, a.subList(0, 3)))).isEmpty();
        assertThat(assembler.add(11, chunk(P, "A", 1, a.subList(3, 6)))).isEmpty();
        List<AssemblyResult> results = assembler.add(12, manifest(P, "A", 2, 6));

        assertThat(results).singleElement().isInstanceOfSatisfying(AssemblyResult.Complete.class, complete -> {
            assertThat(complete.batch().batchId()).isEqualTo("A");
            assertThat(complete.batch().records()).containsExactlyElementsOf(a);
            assertThat(complete.batch().firstOffset()).isEqualTo(10);
            assertThat(complete.batch().manifestOffset()).isEqualTo(12);
        });
        assertThat(assembler.pendingBatches()).isZero();
    }

    @Test
    void shouldOrderRecordsByChunkIndexWhateverOrderChunksArriveIn() {
        BatchAssembler assembler = new BatchAssembler(ROOMY, NOTHING);

        assembler.add(0, chunk(P, "A", 2, a.subList(4, 6)));
        assembler.add(1, chunk(P, "A", 0, a.subList(0, 2)));
        assembler.add(2, chunk(P, "A", 1, a.subList(2, 4)));

        assertThat(completed(assembler.add(3, manifest(P, "A", 3, 6))).records()).containsExactlyElementsOf(a);
    }

    @Test
    void shouldCountAChunkReadTwiceOnce() {
        BatchAssembler assembler = new BatchAssembler(ROOMY, NOTHING);

        assembler.add(0, chunk(P, "A", 0, a.subList(0, 3)));
        assembler.add(1, chunk(P, "A", 0, a.subList(0, 3)));
        assembler.add(2, chunk(P, "A", 1, a.subList(3, 6)));

        assertThat(completed(assembler.add(3, manifest(P, "A", 2, 6))).records()).hasSize(6);
    }

    @Test
    void shouldIgnoreCopiesOfMessagesOfACompleteBatch() {
        BatchAssembler assembler = new BatchAssembler(ROOMY, NOTHING);
        assembler.add(0, chunk(P, "A", 0, a));
        assembler.add(1, manifest(P, "A", 1, 6));

        assertThat(assembler.add(2, chunk(P, "A", 0, a))).isEmpty();
        assertThat(assembler.add(3, manifest(P, "A", 1, 6))).isEmpty();
        assertThat(assembler.pendingBatches()).isZero();
    }

    @Test
    void shouldRejectBatchWithChunksMissingAtItsManifestAndIgnoreItAfterwards() {
        BatchAssembler assembler = new BatchAssembler(ROOMY, NOTHING);
        assembler.add(0, chunk(P, "A", 0, a.subList(0, 2)));
        assembler.add(1, chunk(P, "A", 2, a.subList(4, 6)));

        AssemblyResult.Rejected rejected = rejected(assembler.add(2, manifest(P, "A", 3, 6)));

        assertThat(rejected.reason()).startsWith("incomplete: 1 of 3 chunks never arrived [1]");
        assertThat(rejected.manifest()).isPresent();
        assertThat(rejected.recordsHeld()).isEqualTo(4);
        assertThat(assembler.add(3, chunk(P, "A", 1, a.subList(2, 4)))).isEmpty();
        assertThat(assembler.recordsHeld()).isZero();
    }

    @Test
    void shouldRejectManifestWhoseRecordCountDisagreesWithItsChunks() {
        BatchAssembler assembler = new BatchAssembler(ROOMY, NOTHING);
        assembler.add(0, chunk(P, "A", 0, a));

        assertThat(rejected(assembler.add(1, manifest(P, "A", 1, 7))).reason())
                .isEqualTo("manifest counts 7 records but its chunks hold 6");
    }

    @Test
    void shouldRejectBatchOverTheRecordLimitAtOnceAndReleaseItsRecords() {
        BatchAssembler assembler = new BatchAssembler(new BatchLimits(5, 8, Duration.ofMinutes(1)), NOTHING);
        assembler.add(0, chunk(P, "A", 0, a.subList(0, 3)));

        AssemblyResult.Rejected rejected = rejected(assembler.add(1, chunk(P, "A", 1, a.subList(3, 6))));

        assertThat(rejected.reason()).contains("more than 5 records").contains("trainer.batch.max.records");
        assertThat(rejected.offset()).isEqualTo(1);
        assertThat(assembler.recordsHeld()).isZero();
        assertThat(assembler.add(2, manifest(P, "A", 2, 6))).isEmpty();
    }

    @Test
    void shouldGiveUpTheOldestIncompleteBatchWhenOneMoreThanTheLimitStarts() {
        BatchAssembler assembler = new BatchAssembler(new BatchLimits(1_000, 2, Duration.ofMinutes(1)), NOTHING);
        assembler.add(0, chunk(P, "A", 0, a));
        assembler.add(1, chunk(P, "B", 0, b));

        List<AssemblyResult> results = assembler.add(2, chunk(P, "C", 0, records("C", 2)));

        assertThat(rejected(results).batchId()).isEqualTo("A");
        assertThat(rejected(results).reason()).contains("trainer.batch.max.pending");
        assertThat(assembler.pendingBatches()).isEqualTo(2);
        assertThat(assembler.add(3, manifest(P, "A", 1, 6))).isEmpty();
        assertThat(completed(assembler.add(4, manifest(P, "B", 1, 4))).records()).hasSize(4);
    }

    @Test
    void shouldReportAnUnreadableMessageOfABatchOnceAndIgnoreTheRestOfThatBatch() {
        BatchAssembler assembler = new BatchAssembler(ROOMY, NOTHING);
        assembler.add(0, chunk(P, "A", 0, a.subList(0, 3)));

        assertThat(assembler.rejectUnreadable(1, "A", "undecodable")).hasValueSatisfying(r -> {
            assertThat(r.batchId()).isEqualTo("A");
            assertThat(r.recordsHeld()).isEqualTo(3);
        });
        assertThat(assembler.rejectUnreadable(2, "A", "undecodable")).isEmpty();
        assertThat(assembler.add(3, manifest(P, "A", 3, 6))).isEmpty();
    }

    @Test
    void shouldHoldTheCommitPointAtTheFirstMessageOfEveryUnfinishedBatch() {
        BatchAssembler assembler = new BatchAssembler(ROOMY, NOTHING);
        assembler.add(0, chunk(P, "A", 0, a.subList(0, 3)));
        assembler.add(1, chunk(P, "B", 0, b.subList(0, 2)));
        assembler.add(2, chunk(P, "A", 1, a.subList(3, 6)));
        completed(assembler.add(3, manifest(P, "A", 2, 6)));

        assertThat(assembler.commitPoint(4)).isEqualTo(new CommitPoint(0, 4,
                List.of(new CommitPoint.BatchAt("A", 0), new CommitPoint.BatchAt("B", 1)), List.of()));

        assembler.finish("A");
        CommitPoint afterA = assembler.commitPoint(4);
        assertThat(afterA).isEqualTo(new CommitPoint(1, 4, List.of(new CommitPoint.BatchAt("B", 1)),
                List.of(new CommitPoint.BatchAt("A", 3))));
        assertThat(CommitMetadata.decode(afterA.offset(), CommitMetadata.encode(afterA, OptionalLong.empty())))
                .as("A is finished by the range read, so only B is named")
                .isEqualTo(new CommittedBatches(1, 4, Set.of("B"), List.of()));

        assembler.add(4, chunk(P, "B", 1, b.subList(2, 4)));
        completed(assembler.add(5, manifest(P, "B", 2, 4)));
        assembler.finish("B");
        assertThat(assembler.commitPoint(6)).isEqualTo(new CommitPoint(6, 6, List.of(), List.of()));
    }

    @Test
    void shouldTellBatchesAnEarlierReaderFinishedBeyondItsCommitFromThoseItDidNot() {
        // Resuming at offset 1 of the partition above, read through offset 4 with only B unfinished.
        BatchAssembler assembler = new BatchAssembler(ROOMY, new CommittedBatches(1, 4, Set.of("B"), List.of()));

        assertThat(assembler.add(1, chunk(P, "B", 0, b.subList(0, 2)))).isEmpty();
        assertThat(assembler.add(2, chunk(P, "A", 1, a.subList(3, 6)))).isEmpty();
        assertThat(rejected(assembler.add(3, manifest(P, "A", 2, 6))).batchId())
                .as("A's first chunk lies before the committed offset").isEqualTo("A");
        assertThat(assembler.finishedEarlier("A")).as("so its rejection is not reported again").isTrue();
        assertThat(assembler.finishedEarlier("B")).isFalse();
        assertThat(assembler.commitPoint(4)).as("B is still unfinished; A was finished")
                .isEqualTo(new CommitPoint(1, 4, List.of(new CommitPoint.BatchAt("B", 1)),
                        List.of(new CommitPoint.BatchAt("A", 3))));
        assertThat(assembler.add(4, chunk(P, "B", 1, b.subList(2, 4)))).isEmpty();
        assertThat(completed(assembler.add(5, manifest(P, "B", 2, 4))).batchId()).isEqualTo("B");

        assembler.finish("B");
        assertThat(assembler.commitPoint(6)).isEqualTo(new CommitPoint(6, 6, List.of(), List.of()));
    }

    @Test
    void shouldSkipBatchesNamedFinishedInTheMetadataOfAnEarlierVersion() {
        BatchAssembler assembler = new BatchAssembler(ROOMY, CommitMetadata.decode(1, "st1:A"));

        assertThat(assembler.add(1, chunk(P, "B", 0, b.subList(0, 2)))).isEmpty();
        assertThat(assembler.add(2, chunk(P, "A", 1, a.subList(3, 6)))).isEmpty();
        assertThat(assembler.add(3, manifest(P, "A", 2, 6))).isEmpty();
        assertThat(assembler.add(4, chunk(P, "B", 1, b.subList(2, 4)))).isEmpty();
        assertThat(completed(assembler.add(5, manifest(P, "B", 2, 4))).batchId()).isEqualTo("B");
    }

    @Test
    void shouldKeepTheEarlierReadersRangeAndItsUnseenUnfinishedBatchesUntilReadingPassesIt() {
        // The earlier reader read through offset 10; B (first message at 1) and C (first message at 8) were unfinished.
        BatchAssembler assembler = new BatchAssembler(ROOMY, new CommittedBatches(1, 10, Set.of("B", "C"), List.of()));
        assembler.add(1, chunk(P, "B", 0, b.subList(0, 2)));
        assembler.add(2, chunk(P, "B", 1, b.subList(2, 4)));
        assembler.finish(completed(assembler.add(3, manifest(P, "B", 2, 4))).batchId());

        CommitPoint point = assembler.commitPoint(4);

        assertThat(point.offset()).isEqualTo(4);
        assertThat(point.readThrough()).as("the earlier reader's range is kept").isEqualTo(10);
        assertThat(point.unfinishedIds()).as("C is not seen yet").containsExactly("C");
    }

    @Test
    void shouldKeepNamingABatchGivenUpBeforeItsManifestUntilTheManifestIsPassed() {
        BatchAssembler assembler = new BatchAssembler(ROOMY, NOTHING);
        assembler.rejectUnreadable(0, "A", "undecodable");

        CommitPoint point = assembler.commitPoint(1);
        assertThat(point.finishedIds()).containsExactly("A");
        assertThat(CommitMetadata.decode(1, CommitMetadata.encode(point, OptionalLong.empty())).finished())
                .as("its manifest may still come after the range read").containsExactly("A");
        assembler.add(1, manifest(P, "A", 1, 6));
        assertThat(assembler.commitPoint(2).finishedIds()).isEmpty();
    }

    @Test
    void shouldRefuseToFinishABatchThatIsNotBeingTrained() {
        BatchAssembler assembler = new BatchAssembler(ROOMY, NOTHING);

        assertThatThrownBy(() -> assembler.finish("A")).isInstanceOf(IllegalStateException.class);
    }

    private static AssembledBatch completed(List<AssemblyResult> results) {
        assertThat(results).last().isInstanceOf(AssemblyResult.Complete.class);
        return ((AssemblyResult.Complete) results.getLast()).batch();
    }

    private static AssemblyResult.Rejected rejected(List<AssemblyResult> results) {
        assertThat(results).first().isInstanceOf(AssemblyResult.Rejected.class);
        return (AssemblyResult.Rejected) results.getFirst();
    }
}
