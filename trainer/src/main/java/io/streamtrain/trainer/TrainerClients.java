package io.streamtrain.trainer;

import io.streamtrain.core.config.KafkaClientSettings;
import io.streamtrain.core.topics.PipelineTopics;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka client configurations of the trainer: the {@code kafka.*} settings, over streamtrain's sized
 * defaults, with the settings exactly-once publication depends on enforced. A {@code kafka.*} setting that
 * contradicts an enforced one fails with a {@link ConfigException} naming the key.
 */
final class TrainerClients {

    /** Room for the key and the record and batch headers around an envelope in one produce request. */
    static final int ENVELOPE_HEADROOM_BYTES = 64 * 1024;

    private final KafkaClientSettings kafka;
    private final String clientIdPrefix;
    private final String groupId;
    private final String transactionalId;

    TrainerClients(KafkaClientSettings kafka, String pipeline, String groupId, String transactionalId) {
        this.kafka = kafka;
        this.clientIdPrefix = "streamtrain-" + pipeline + "-trainer";
        this.groupId = groupId;
        this.transactionalId = transactionalId;
        // Fail at construction rather than at start.
        batchConsumer();
        historyConsumer();
        producer();
    }

    /** Reads the batches topic in the trainer's group; offsets are committed only inside transactions. */
    Map<String, Object> batchConsumer() {
        Map<String, Object> config = kafka.over(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-batches",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false"));
        enforce(config, ConsumerConfig.GROUP_ID_CONFIG, groupId, "set " + TrainerConfig.GROUP_ID_CONFIG + " instead");
        enforceReadCommitted(config);
        enforce(config, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                "offsets are committed in the transaction that publishes the batch's model");
        deserializers(config);
        return config;
    }

    /** Reads the model history once at start, outside any group. */
    Map<String, Object> historyConsumer() {
        // A history topic auto-created with broker defaults would delete old versions: never create it here.
        Map<String, Object> config = kafka.over(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-history",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false"));
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        enforceReadCommitted(config);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        deserializers(config);
        return config;
    }

    /** Follows the models topic (current model and pin) from its beginning, outside any group. */
    Map<String, Object> modelsConsumer() {
        Map<String, Object> config = historyConsumer();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-models");
        return config;
    }

    /** Reads a trial's predictions, shadow predictions and late labels, outside any group, committed records only. */
    Map<String, Object> trialEvidenceConsumer() {
        Map<String, Object> config = historyConsumer();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-trial");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    /** Reads topic configurations at start (the batches topic's retention). */
    Map<String, Object> admin() {
        Map<String, Object> config = kafka.over(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-admin"));
        // Only the settings every client shares apply to an Admin client; it would warn about the others.
        config.keySet().retainAll(AdminClientConfig.configNames());
        return config;
    }

    /** The transactional producer, sized for the largest model envelope. */
    Map<String, Object> producer() {
        Map<String, Object> config = kafka.over(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-producer",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, PipelineTopics.MODEL_MAX_MESSAGE_BYTES,
                // A model is sent twice (current and history) in one transaction; both must fit in the buffer.
                ProducerConfig.BUFFER_MEMORY_CONFIG, 3L * PipelineTopics.MODEL_MAX_MESSAGE_BYTES,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd"));
        enforce(config, ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                "set " + TrainerConfig.TRANSACTIONAL_ID_CONFIG + " instead");
        enforce(config, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", "transactions need idempotence");
        enforce(config, ProducerConfig.ACKS_CONFIG, "all", "transactions need acks=all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    private static void enforceReadCommitted(Map<String, Object> config) {
        enforce(config, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                "aborted batches and models must never be read");
    }

    private static void deserializers(Map<String, Object> config) {
        // Values are decoded by the trainer so that a bad message is handled, not thrown out of poll().
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }

    private static void enforce(Map<String, Object> config, String key, String value, String why) {
        Object configured = config.get(key);
        if (configured != null && !configured.toString().trim().toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT))) {
            throw new ConfigException(KafkaClientSettings.PREFIX + key, configured,
                    "the trainer requires " + key + "=" + value + " (" + why + ")");
        }
        config.put(key, value);
    }

    /**
     * Largest encoded envelope the producer can send: its {@code max.request.size} (at most the model topics'
     * {@code max.message.bytes}) less headroom.
     */
    int maxEnvelopeBytes() {
        int maxRequestSize = Integer.parseInt(producer().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG).toString().trim());
        return Math.min(maxRequestSize, PipelineTopics.MODEL_MAX_MESSAGE_BYTES) - ENVELOPE_HEADROOM_BYTES;
    }
}
