package io.streamtrain.trainer.publish;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer offsets to commit inside a transaction, with the group metadata that fences a consumer which
 * lost its partitions in a rebalance.
 *
 * @param offsets       next offset to read, per partition
 * @param groupMetadata the consumer's current {@code groupMetadata()}
 */
public record BatchOffsets(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {

    public BatchOffsets {
        offsets = Map.copyOf(offsets);
        Objects.requireNonNull(groupMetadata, "groupMetadata");
    }
}
