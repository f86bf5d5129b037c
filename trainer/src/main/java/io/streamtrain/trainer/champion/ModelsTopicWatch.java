package io.streamtrain.trainer.champion;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads {@code <p>.models} into its readers (the {@link ChampionTracker}, and the trial decider under a trial
 * strategy): the whole topic once at start (it is compacted and small), then whatever arrived at each
 * {@link #poll()}, which never waits. Runs on the trainer's consumer thread.
 */
public final class ModelsTopicWatch implements AutoCloseable {

    private static final Duration CATCH_UP_POLL = Duration.ofMillis(100);

    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final java.util.function.Consumer<ConsumerRecord<String, byte[]>> tracker;

    /**
     * @param consumer a {@code read_committed} consumer without a group; the watch owns and closes it
     * @param tracker  takes in every record of the topic, in order
     */
    public ModelsTopicWatch(Consumer<String, byte[]> consumer, String topic, java.util.function.Consumer<ConsumerRecord<String, byte[]>> tracker) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
    }

    /**
     * Reads the topic from its beginning to its end.
     *
     * @throws IllegalStateException when the topic does not exist or is not read within {@code timeout}
     */
    public void catchUp(Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist; create the pipeline's topics first");
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        refresh(timeout);
    }

    /**
     * Applies everything committed to the topic up to now, waiting for it at most {@code timeout}; called before a
     * model is published, so a pin written before that moment is always honoured.
     *
     * @throws IllegalStateException when the end is not reached within {@code timeout}
     */
    public void refresh(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), timeout);
        while (!ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("could not read " + topic + " to its end " + ends + " within "
                        + timeout.toMillis() + " ms");
            }
            consumer.poll(CATCH_UP_POLL).forEach(tracker);
        }
    }

    /** Applies what arrived since the last call, without waiting. */
    public void poll() {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ZERO)) {
            tracker.accept(record);
        }
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
