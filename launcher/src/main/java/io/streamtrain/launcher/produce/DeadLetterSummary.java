package io.streamtrain.launcher.produce;

import io.streamtrain.core.deadletter.DeadLetterHeaders;
import io.streamtrain.launcher.runtime.ObserverConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts, by reason, the records of one {@code produce} run that the streams-app dead-lettered: waits until the
 * streams-app's consumer group has committed past everything the run wrote (or a timeout), then reads the
 * dead-letter topic from where it ended before the run and keeps the dead letters whose source headers point into
 * the run's offsets.
 */
public final class DeadLetterSummary {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<String, Object> clientProperties;
    private final String deadLetterTopic;
    private final String streamsGroup;

    /**
     * @param streamsGroup the streams-app's application id, which is its consumer group
     */
    public DeadLetterSummary(Map<String, Object> clientProperties, String deadLetterTopic, String streamsGroup) {
        this.clientProperties = clientProperties;
        this.deadLetterTopic = deadLetterTopic;
        this.streamsGroup = streamsGroup;
    }

    /** The end offsets of the dead-letter topic now; call before sending. */
    public Map<TopicPartition, Long> mark() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(deadLetterTopic, info.partition())).toList();
            return new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
        }
    }

    /**
     * Dead letters of the run by reason; empty if the streams-app did not read everything the run wrote within
     * {@code wait}.
     */
    public Optional<Map<String, Long>> count(Map<TopicPartition, Long> mark, ProducedRanges ranges, Duration wait)
            throws InterruptedException, ExecutionException {
        if (!awaitStreamsApp(ranges.ends(), wait)) {
            return Optional.empty();
        }
        Map<String, Long> reasons = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>(mark.keySet());
            consumer.assign(partitions);
            mark.forEach(consumer::seek);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<byte[], byte[]> letter : consumer.poll(POLL)) {
                    if (fromRun(letter, ranges)) {
                        reasons.merge(String.valueOf(DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.REASON)), 1L, Long::sum);
                    }
                }
            }
        }
        return Optional.of(reasons);
    }

    private static boolean fromRun(ConsumerRecord<byte[], byte[]> letter, ProducedRanges ranges) {
        String topic = DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.SOURCE_TOPIC);
        String partition = DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.SOURCE_PARTITION);
        String offset = DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.SOURCE_OFFSET);
        if (topic == null || partition == null || offset == null) {
            return false;
        }
        try {
            return ranges.contains(new TopicPartition(topic, Integer.parseInt(partition)), Long.parseLong(offset));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private boolean awaitStreamsApp(Map<TopicPartition, Long> written, Duration wait) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + wait.toNanos();
        try (Admin admin = Admin.create(clientProperties)) {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed;
                try {
                    committed = admin.listConsumerGroupOffsets(streamsGroup).partitionsToOffsetAndMetadata()
                            .get(10, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    committed = Map.of();
                }
                Map<TopicPartition, OffsetAndMetadata> current = committed;
                boolean caughtUp = written.entrySet().stream().allMatch(entry -> {
                    OffsetAndMetadata at = current.get(entry.getKey());
                    return at != null && at.offset() >= entry.getValue();
                });
                if (caughtUp) {
                    return true;
                }
                if (System.nanoTime() - deadline >= 0) {
                    return false;
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(ObserverConsumer.settings(clientProperties), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
