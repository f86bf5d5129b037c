package io.streamtrain.trainer;

import io.streamtrain.messages.BatchMessage;
import io.streamtrain.trainer.batch.AssemblyResult;
import io.streamtrain.trainer.batch.BatchAssembler;
import io.streamtrain.trainer.batch.CommitPoint;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One assigned partition of the batches topic: its assembler and how far it has been read, which together
 * say where the partition may be committed.
 */
final class PartitionBatches {

    private final TopicPartition partition;
    private final BatchAssembler assembler;
    private final long startOffset;
    private long nextOffset;

    /**
     * @param startOffset where reading starts: the committed offset, or the reset position if none
     */
    PartitionBatches(TopicPartition partition, BatchAssembler assembler, long startOffset) {
        this.partition = Objects.requireNonNull(partition, "partition");
        this.assembler = Objects.requireNonNull(assembler, "assembler");
        this.startOffset = startOffset;
        this.nextOffset = startOffset;
    }

    TopicPartition partition() {
        return partition;
    }

    long startOffset() {
        return startOffset;
    }

    List<AssemblyResult> add(long offset, BatchMessage message) {
        nextOffset = offset + 1;
        return assembler.add(offset, message);
    }

    /** An unreadable message of batch {@code batchId} (its key); see {@link BatchAssembler#rejectUnreadable}. */
    Optional<AssemblyResult.Rejected> unreadable(long offset, String batchId, String reason) {
        nextOffset = offset + 1;
        return assembler.rejectUnreadable(offset, batchId, reason);
    }

    /** An unreadable message that names no batch. */
    void skip(long offset) {
        nextOffset = offset + 1;
    }

    /** The batch handed out for training was published or skipped. */
    void finish(String batchId) {
        assembler.finish(batchId);
    }

    /** The offset and metadata to commit now; see {@link BatchAssembler#commitPoint}. */
    OffsetAndMetadata commitPoint() {
        CommitPoint point = assembler.commitPoint(nextOffset);
        return new OffsetAndMetadata(point.offset(), point.metadata());
    }
}
