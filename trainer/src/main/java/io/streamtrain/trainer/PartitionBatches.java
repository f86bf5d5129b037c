package io.streamtrain.trainer;

import io.streamtrain.core.learning.TrainingHorizon;
import io.streamtrain.messages.BatchMessage;
import io.streamtrain.trainer.batch.AssembledBatch;
import io.streamtrain.trainer.batch.AssemblyResult;
import io.streamtrain.trainer.batch.BatchAssembler;
import io.streamtrain.trainer.batch.CommitMetadata;
import io.streamtrain.trainer.batch.CommitPoint;
import io.streamtrain.trainer.horizon.ColumnarWindow;
import io.streamtrain.trainer.horizon.HorizonSnapshot;
import io.streamtrain.trainer.horizon.WindowHorizon;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One assigned partition of the batches topic: its assembler, its training horizon and how far it has been read,
 * which together say where the partition may be committed.
 *
 * <p>Messages before {@link #replayUntil} were committed by an earlier reader: they are read again only to rebuild
 * the horizon ({@link #replayed}), never trained or reported.
 */
final class PartitionBatches {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionBatches.class);

    private final TopicPartition partition;
    private final BatchAssembler assembler;
    private final long startOffset;
    private final WindowHorizon horizon;
    private final long replayUntil;
    private long nextOffset;
    /** The offset of the latest commit point handed out; a failed commit replaces this object (see BatchIntake). */
    private long committedOffset;
    private boolean replayEnded;

    /**
     * @param startOffset where reading starts: where the horizon's rebuild starts, or, when nothing is replayed, the
     *                    committed offset (the reset position if none)
     * @param horizon     the partition's training horizon, empty until rebuilt
     * @param replayUntil the committed offset: messages before it only rebuild the horizon; {@code startOffset} when
     *                    nothing is replayed
     */
    PartitionBatches(TopicPartition partition, BatchAssembler assembler, long startOffset, WindowHorizon horizon,
                     long replayUntil) {
        this.partition = Objects.requireNonNull(partition, "partition");
        this.assembler = Objects.requireNonNull(assembler, "assembler");
        this.horizon = Objects.requireNonNull(horizon, "horizon");
        this.startOffset = startOffset;
        this.replayUntil = replayUntil;
        this.nextOffset = startOffset;
        this.committedOffset = replayUntil;
    }

    TopicPartition partition() {
        return partition;
    }

    long startOffset() {
        return startOffset;
    }

    WindowHorizon horizon() {
        return horizon;
    }

    /** Whether the message at {@code offset} was committed before and is read only to rebuild the horizon. */
    boolean replaying(long offset) {
        return offset < replayUntil;
    }

    /** Whether the horizon is still being rebuilt from messages an earlier reader committed. */
    boolean rebuilding() {
        return nextOffset < replayUntil;
    }

    /** See {@link BatchAssembler#isAssembledFromParts}. */
    boolean isAssembledFromParts(AssembledBatch batch) {
        return assembler.isAssembledFromParts(batch.batchId());
    }

    /** See {@link BatchAssembler#finishedEarlier(AssembledBatch)}. */
    boolean finishedEarlier(AssembledBatch batch) {
        return assembler.finishedEarlier(batch);
    }

    /** See {@link BatchAssembler#finishedEarlier(String)}. */
    boolean finishedEarlier(String batchId) {
        return assembler.finishedEarlier(batchId);
    }

    /** See {@link BatchAssembler#nextDue}. */
    List<AssemblyResult> nextDue() {
        return assembler.nextDue();
    }

    /** Whether the message at {@code offset} is the last one read to rebuild the horizon. */
    boolean lastReplayed(long offset) {
        return offset == replayUntil - 1;
    }

    List<AssemblyResult> add(long offset, BatchMessage message) {
        nextOffset = Math.max(nextOffset, offset + 1);
        return assembler.add(offset, message);
    }

    /** An unreadable message of batch {@code batchId} (its key); see {@link BatchAssembler#rejectUnreadable}. */
    Optional<AssemblyResult.Rejected> unreadable(long offset, String batchId, String reason) {
        nextOffset = Math.max(nextOffset, offset + 1);
        return assembler.rejectUnreadable(offset, batchId, reason);
    }

    /** An unreadable message that names no batch. */
    void skip(long offset) {
        nextOffset = Math.max(nextOffset, offset + 1);
    }

    /**
     * The horizon {@code batch} trains on: the batch enters the partition's horizon unless it belongs to a backfill run
     * (a backfill window trains on its own; its historical records never mix with the live horizon), or its records
     * cannot be held in columns (records of different widths): such a batch trains alone, and its fit says why it
     * makes no model.
     */
    HorizonSnapshot admit(AssembledBatch batch) {
        TrainingHorizon policy = horizon.policy();
        HorizonSnapshot alone = HorizonSnapshot.single(ColumnarWindow.lineageOf(batch, partition.partition()), policy);
        if (!policy.spansWindows() || batch.manifest().getBackfill() != null) {
            return alone;
        }
        ColumnarWindow window;
        try {
            window = ColumnarWindow.of(batch, partition.partition());
        } catch (IllegalArgumentException e) {
            LOG.warn("Batch {} at {} stays out of the training horizon: {}", batch.batchId(), partition, e.getMessage());
            return alone;
        }
        return horizon.admit(window);
    }

    /**
     * Ends the rebuild (once; later calls do nothing): windows whose parts were read again but that no message before the
     * committed offset settled were finished by the earlier reader, so they join the horizon with the parts read and are
     * done, rather than waiting to be trained twice.
     */
    void endReplay() {
        if (replayEnded || replayUntil <= startOffset) {
            return;
        }
        replayEnded = true;
        for (AssemblyResult result : assembler.settleBefore(replayUntil)) {
            if (result instanceof AssemblyResult.Complete(var batch)) {
                replayed(batch);
            }
        }
    }

    /**
     * Ends the rebuild when the consumer's {@code position} has reached the committed offset although the message just
     * before it was never delivered: a commit marker, since a commit past progress goes to the consumer's position
     * ({@link #idleCommitPoint}). Call only while every message before {@code position} has been added.
     *
     * @return whether this call ended the rebuild
     */
    boolean replayPassed(long position) {
        if (!rebuilding() || position < replayUntil) {
            return false;
        }
        nextOffset = replayUntil;
        endReplay();
        return true;
    }

    /**
     * A batch completed while rebuilding, or one the earlier reader finished beyond its committed offset: it joins the
     * horizon as it did for the earlier reader, and is done.
     */
    void replayed(AssembledBatch batch) {
        admit(batch);
        assembler.finish(batch.batchId());
    }

    /** The batch handed out for training was published or skipped. */
    void finish(String batchId) {
        assembler.finish(batchId);
    }

    /**
     * The offset and metadata to commit now; see {@link BatchAssembler#commitPoint}. The metadata also names where the
     * horizon starts, so that the next reader rebuilds it.
     */
    OffsetAndMetadata commitPoint() {
        CommitPoint point = assembler.commitPoint(nextOffset);
        committedOffset = point.offset();
        OptionalLong horizonStart = horizon.startOffset();
        return new OffsetAndMetadata(point.offset(), CommitMetadata.encode(point, horizonStart));
    }

    /**
     * The commit point past messages read since the last commit, when they settle nothing that waits: nothing of the
     * partition is incomplete, waiting for other input partitions or being trained (so they were progress, or copies of
     * finished batches). With several input partitions an idle partition keeps writing its progress; committing past it
     * keeps the group's lag from growing while the input idles. The offset is {@code position}, the consumer's position,
     * so that it also passes the commit markers of the transactions that wrote them: the lag is then zero. Empty while
     * something waits, while the horizon is rebuilt, or when nothing was read since the last commit (so a commit marker
     * alone, as after every training transaction, costs no transaction).
     *
     * @param position the consumer's position in the partition; every message before it must have been added
     */
    Optional<OffsetAndMetadata> idleCommitPoint(long position) {
        if (rebuilding() || !assembler.holdsNothing() || nextOffset <= committedOffset) {
            return Optional.empty();
        }
        nextOffset = Math.max(nextOffset, position);
        return Optional.of(commitPoint());
    }
}
