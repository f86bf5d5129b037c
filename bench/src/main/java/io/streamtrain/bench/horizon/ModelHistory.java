package io.streamtrain.bench.horizon;

import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.schemas.AvroMessageCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a pipeline's {@code <p>.model-history}: every model the trainer made, promoted or not, in version order. */
final class ModelHistory {

    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);

    private ModelHistory() {
    }

    /**
     * The committed history once it holds the model of the window ending at {@code windowEnd} (epoch ms), the last
     * one the benchmark streams.
     *
     * @throws IllegalStateException when that model has not arrived within {@code timeout}
     */
    static List<ModelEnvelope> awaitWindowEnd(Map<String, Object> clientProperties, String topic, long windowEnd, Duration timeout) {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ModelEnvelope> history = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            // The history topic has one partition: the trainer keys and orders it by version.
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    history.add(ENVELOPES.decode(record.value()));
                }
                if (!history.isEmpty() && history.getLast().getLineage().getWindowEnd().toEpochMilli() >= windowEnd) {
                    return history;
                }
            }
        }
        throw new IllegalStateException(String.format(Locale.ROOT, "%s holds %d models after %s, none of the window ending at %d",
                topic, history.size(), timeout, windowEnd));
    }
}
