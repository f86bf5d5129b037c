package io.streamtrain.trainer;

import io.streamtrain.core.learning.TrainingHorizon;
import io.streamtrain.trainer.batch.BatchAssembler;
import io.streamtrain.trainer.batch.BatchLimits;
import io.streamtrain.trainer.batch.CommitMetadata;
import io.streamtrain.trainer.horizon.WindowHorizon;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions of the batches topic this trainer owns, each rebuilt from its committed offset and what the commit's
 * metadata says about the messages beyond it: on assignment, and on {@link #rewind} after a transaction
 * was aborted, so that everything not committed is read again.
 *
 * <p>When the commit's metadata names where the partition's training horizon starts, reading starts there: the
 * complete windows between it and the committed offset are assembled again into the horizon, without training
 * (see {@link PartitionBatches#replaying}), so a restarted or newly assigned trainer holds exactly the horizon its
 * predecessor committed.
 */
final class BatchIntake {

    private static final Logger LOG = LoggerFactory.getLogger(BatchIntake.class);

    private final Consumer<String, byte[]> consumer;
    private final BatchLimits limits;
    private final TrainingHorizon policy;
    private final Map<TopicPartition, PartitionBatches> partitions = new HashMap<>();

    BatchIntake(Consumer<String, byte[]> consumer, BatchLimits limits, TrainingHorizon policy) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The owned partitions. */
    Collection<PartitionBatches> owned() {
        return List.copyOf(partitions.values());
    }

    /** The training horizons of the owned partitions. */
    Collection<WindowHorizon> horizons() {
        return partitions.values().stream().map(PartitionBatches::horizon).toList();
    }

    /** The state of an owned partition; null if it is not owned. */
    PartitionBatches get(TopicPartition partition) {
        return partitions.get(partition);
    }

    /** Starts reading newly assigned partitions from their committed state. Call from the rebalance listener. */
    void assign(Collection<TopicPartition> assigned) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(assigned));
        for (TopicPartition partition : assigned) {
            OffsetAndMetadata commit = committed.get(partition);
            long start = commit == null ? consumer.position(partition) : commit.offset();
            partitions.put(partition, fresh(partition, commit, start));
        }
    }

    /** Forgets partitions that were revoked or lost; nothing of theirs may be committed any more. */
    void revoke(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }

    /**
     * Forgets what was read of {@code partition} since its last commit and seeks back there, so every batch
     * not committed is read, and trained, again.
     */
    void rewind(TopicPartition partition) {
        PartitionBatches current = partitions.get(partition);
        if (current == null) {
            return;
        }
        OffsetAndMetadata commit = consumer.committed(Set.of(partition)).get(partition);
        long start = commit == null ? current.startOffset() : commit.offset();
        consumer.seek(partition, start);
        partitions.put(partition, fresh(partition, commit, start));
        LOG.info("Reading {} again from offset {}", partition, start);
    }

    private PartitionBatches fresh(TopicPartition partition, OffsetAndMetadata commit, long start) {
        String metadata = commit == null ? null : commit.metadata();
        var committed = CommitMetadata.decode(start, metadata);
        OptionalLong horizonStart = policy.spansWindows() ? CommitMetadata.horizonStart(metadata) : OptionalLong.empty();
        long replayFrom = Math.min(start, horizonStart.orElse(start));
        if (replayFrom < start) {
            consumer.seek(partition, replayFrom);
            LOG.info("Rebuilding the training horizon of {} from offset {} to {}", partition, replayFrom, start);
        }
        return new PartitionBatches(partition, new BatchAssembler(limits, committed), replayFrom, new WindowHorizon(policy),
                start);
    }
}
