package io.streamtrain.registry;

import io.streamtrain.core.config.KafkaClientSettings;
import io.streamtrain.core.topics.PipelineTopics;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The Kafka clients of {@link ModelRegistry}: the {@code kafka.*} settings over defaults sized for model envelopes,
 * with what the registry depends on enforced (committed reads without a group, acknowledged idempotent writes).
 *
 * @param kafka    the pipeline's {@code kafka.*} settings
 * @param clientId prefix of the clients' ids
 */
public record RegistryClients(KafkaClientSettings kafka, String clientId) {

    public RegistryClients {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(clientId, "clientId");
    }

    Map<String, Object> consumer() {
        Map<String, Object> config = kafka.over(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-reader"));
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    Map<String, Object> producer() {
        Map<String, Object> config = kafka.over(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, clientId + "-writer",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, PipelineTopics.MODEL_MAX_MESSAGE_BYTES,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 2L * PipelineTopics.MODEL_MAX_MESSAGE_BYTES,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd"));
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }
}
