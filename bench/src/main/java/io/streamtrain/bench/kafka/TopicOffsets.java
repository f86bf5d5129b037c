package io.streamtrain.bench.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/** Partitions, end offsets and a consumer group's committed offsets, as the broker reports them to an {@link Admin}. */
public final class TopicOffsets {

    private TopicOffsets() {
    }

    /** Every partition of {@code topic}. */
    public static List<TopicPartition> partitions(Admin admin, String topic) {
        return get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions().stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    /** The log-end offset of every partition of {@code topic} (transaction markers included). */
    public static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions(admin, topic).forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        Map<TopicPartition, Long> end = new HashMap<>();
        get(admin.listOffsets(latest).all()).forEach((partition, info) -> end.put(partition, info.offset()));
        return end;
    }

    public static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether {@code group} has committed at least {@code target} on every partition of {@code target}. */
    public static boolean committedUpTo(Admin admin, String group, Map<TopicPartition, Long> target) {
        Map<TopicPartition, OffsetAndMetadata> committed = committed(admin, group);
        return target.entrySet().stream().allMatch(entry -> {
            OffsetAndMetadata offset = committed.get(entry.getKey());
            return offset != null && offset.offset() >= entry.getValue();
        });
    }

    /** The offsets {@code group} has committed, by partition (a partition may map to null: nothing committed). */
    public static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group) {
        return get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker refused an admin request: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
