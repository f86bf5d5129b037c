package io.streamtrain.launcher.score;

import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.schemas.AvroMessageCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the current model of a pipeline: the last envelope on its compacted models topic whose signature verifies
 * and which decodes. As in the scorer, the signature is checked before anything decodes the bytes, and a refused
 * record leaves the previous envelope current (the refusal is logged).
 */
public final class ChampionReader {

    private static final Logger LOG = LoggerFactory.getLogger(ChampionReader.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ChampionReader() {
    }

    /** The champion, or empty if the topic holds no envelope that verifies with {@code verifier} and decodes. */
    public static Optional<ModelEnvelope> read(Map<String, Object> clientProperties, String modelsTopic, ModelVerifier verifier) {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024 * 1024);
        AvroMessageCodec<ModelEnvelope> codec = AvroMessageCodec.of(ModelEnvelope.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = consumer.partitionsFor(modelsTopic, TIMEOUT).stream()
                    .map(info -> new TopicPartition(modelsTopic, info.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + modelsTopic + " does not exist; is the pipeline's name right?");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            ModelEnvelope latest = null;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("could not read " + modelsTopic + " to its end within " + TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        try {
                            verifier.verify(record.value(), record.headers());
                            latest = codec.decode(record.value());
                        } catch (ModelRejectedException | SerializationException e) {
                            LOG.warn("Skipping the model at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
                        }
                    }
                }
            }
            return Optional.ofNullable(latest);
        }
    }
}
