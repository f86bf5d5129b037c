package io.streamtrain.launcher.backfill;

import io.streamtrain.launcher.runtime.ObserverConsumer;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.schemas.AvroMessageCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows {@code <p>.events} from where it ended when a backfill run started, for what concerns the run: the windows it
 * closed ({@code WINDOW_CLOSED} with its {@code backfillRun}) and what the trainer made of each of them
 * ({@code MODEL_BACKFILLED} or {@code BATCH_SKIPPED} with the window's batch id). Reads committed events only, so a
 * window counts once its batch is in {@code <p>.batches} for good. Not thread-safe.
 */
final class RunEvents implements AutoCloseable {

    private static final AvroMessageCodec<PipelineEvent> EVENTS = AvroMessageCodec.of(PipelineEvent.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String runId;
    private final Map<String, Long> windows = new LinkedHashMap<>();
    private final Map<String, TrainedWindow> trained = new LinkedHashMap<>();

    private RunEvents(KafkaConsumer<byte[], byte[]> consumer, String runId) {
        this.consumer = consumer;
        this.runId = runId;
    }

    /** Starts following {@code topic} at its current end. */
    static RunEvents fromEnd(Map<String, Object> clientProperties, String topic, String runId) {
        Map<String, Object> properties = ObserverConsumer.settings(clientProperties);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            return new RunEvents(consumer, runId);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /** Reads what has arrived. */
    void poll() {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            if (record.value() != null) {
                take(record.value());
            }
        }
    }

    /** Batch ids of the run's closed windows, with their record counts, in closing order. */
    Map<String, Long> windows() {
        return Map.copyOf(windows);
    }

    List<String> batchIds() {
        return new ArrayList<>(windows.keySet());
    }

    /** Records in the run's closed windows. */
    long windowedRecords() {
        return windows.values().stream().mapToLong(Long::longValue).sum();
    }

    /** What the trainer made of the run's windows so far, in the order it did. */
    List<TrainedWindow> trained() {
        return List.copyOf(trained.values());
    }

    private void take(byte[] value) {
        PipelineEvent event;
        try {
            event = EVENTS.decode(value);
        } catch (SerializationException e) {
            return;
        }
        Map<String, String> attributes = event.getAttributes();
        String batchId = attributes.get("batchId");
        if (event.getType() == EventType.WINDOW_CLOSED && runId.equals(attributes.get("backfillRun"))) {
            windows.put(batchId, Long.parseLong(attributes.getOrDefault("records", "0")));
        } else if (batchId != null && windows.containsKey(batchId)) {
            if (event.getType() == EventType.MODEL_BACKFILLED) {
                trained.put(batchId, new TrainedWindow(batchId, Long.parseLong(attributes.get("version")), event.getMessage()));
            } else if (event.getType() == EventType.BATCH_SKIPPED) {
                trained.put(batchId, new TrainedWindow(batchId, 0, event.getMessage()));
            }
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
