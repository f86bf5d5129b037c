package io.streamtrain.bench.windowing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a Kafka Streams application has committed all of its input topic: its group's committed offsets have
 * reached the topic's end offsets. Under exactly-once a task's offsets commit in the transaction of everything it wrote
 * and stored for those records, so this is the moment the whole input's effect is committed, the same point for the
 * validation cut (which writes nothing) and the streams-app (whose last, open windows are then in its committed stores,
 * and every closed window in a visible manifest). Both are timed to it, so neither side's end is timed differently.
 */
final class InputCommitted {

    /** How often {@link #reached} asks the broker: both sides are timed at this resolution, at a few requests a second. */
    private static final long CHECK_INTERVAL_NANOS = 20_000_000L;

    private final Admin admin;
    private final String groupId;
    private final Map<TopicPartition, Long> endOffsets;
    private long lastCheck = System.nanoTime() - CHECK_INTERVAL_NANOS;

    private InputCommitted(Admin admin, String groupId, Map<TopicPartition, Long> endOffsets) {
        this.admin = admin;
        this.groupId = groupId;
        this.endOffsets = Map.copyOf(endOffsets);
    }

    /** A probe of group {@code groupId} (the application id) over {@code topic}, whose end offsets are read now. */
    static InputCommitted of(Admin admin, String groupId, String topic) {
        try {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = admin.listOffsets(partitions).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
            return new InputCommitted(admin, groupId, ends);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * True once the group's committed offset of every partition is at its end offset; asks the broker at most every
     * {@link #CHECK_INTERVAL_NANOS} and answers false in between.
     */
    boolean reached() {
        long now = System.nanoTime();
        if (now - lastCheck < CHECK_INTERVAL_NANOS) {
            return false;
        }
        lastCheck = now;
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
            return endOffsets.entrySet().stream().allMatch(end -> {
                OffsetAndMetadata offset = committed.get(end.getKey());
                return offset != null ? offset.offset() >= end.getValue() : end.getValue() == 0;
            });
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the committed offsets of " + groupId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
