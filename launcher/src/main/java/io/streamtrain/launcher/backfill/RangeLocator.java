package io.streamtrain.launcher.backfill;

import io.streamtrain.core.config.PipelineConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Asks Kafka where a backfill range lies in the input topic ({@code offsetsForTimes} and the end offsets). */
public final class RangeLocator {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private RangeLocator() {
    }

    /**
     * Locates the range in {@code pipeline}'s input topic on its cluster.
     *
     * @throws IllegalArgumentException for an unknown pipeline or an invalid range, with a message naming it
     */
    public static BackfillRange locate(PipelineConfig pipeline, Instant from, Optional<Instant> to) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(pipeline.kafka().properties(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            return locate(consumer, pipeline.pipelineName(), pipeline.topics().records(), from, to);
        }
    }

    /**
     * @param pipeline named in the error when the topic does not exist
     * @throws IllegalArgumentException if the topic does not exist or the range is invalid (see {@link BackfillRange#locate})
     */
    static BackfillRange locate(Consumer<byte[], byte[]> consumer, String pipeline, String topic, Instant from, Optional<Instant> to) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("unknown pipeline " + pipeline + ": its input topic " + topic
                    + " does not exist on this cluster (check --pipeline, or create its topics with topics create)");
        }
        List<TopicPartition> partitions = infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
        Map<Integer, Long> logEnds = new HashMap<>();
        consumer.endOffsets(partitions, TIMEOUT).forEach((partition, end) -> logEnds.put(partition.partition(), end));
        return BackfillRange.locate(topic, from, to, firstAtOrAfter(consumer, partitions, from),
                to.map(time -> firstAtOrAfter(consumer, partitions, time)).orElse(Map.of()), logEnds);
    }

    private static Map<Integer, Long> firstAtOrAfter(Consumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Instant time) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, time.toEpochMilli()));
        Map<Integer, Long> offsets = new HashMap<>();
        for (Map.Entry<TopicPartition, OffsetAndTimestamp> found : consumer.offsetsForTimes(query, TIMEOUT).entrySet()) {
            if (found.getValue() != null) {
                offsets.put(found.getKey().partition(), found.getValue().offset());
            }
        }
        return offsets;
    }
}
