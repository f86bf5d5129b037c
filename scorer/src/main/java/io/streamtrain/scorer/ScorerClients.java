package io.streamtrain.scorer;

import io.streamtrain.core.topics.PipelineTopics;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The settings of the scorer's Kafka clients: streamtrain's defaults, overridden by the user's
 * {@code kafka.*} settings, overridden in turn by what exactly-once scoring requires (conflicting user
 * settings were already refused by {@link ScorerConfig}).
 */
final class ScorerClients {

    /**
     * Dead letters carry whole requests (as large as the requests topic allows) plus error headers; the
     * dead-letter topic accepts that much, and so must the producer, or such a request would fail its
     * transaction over and over.
     */
    private static final int MAX_REQUEST_BYTES = PipelineTopics.DEAD_LETTER_MAX_MESSAGE_BYTES;

    /** {@code retry.backoff.ms} of the transactional producer. */
    private static final long TRANSACTION_RETRY_BACKOFF_MS = 10;

    /**
     * {@code batch.size} of the transactional producer, 16 times Kafka's: a poll's predictions (up to 5,000 per
     * transaction) fill a few large batches per partition instead of dozens of 16 KiB ones, which the broker appends
     * and the sender ships at a fixed cost each. In the Python comparison benchmark the scorer's process CPU per
     * request fell by 28% (see BENCHMARKS.md).
     */
    private static final int PRODUCER_BATCH_BYTES = 256 * 1024;

    /**
     * {@code linger.ms} of the transactional producer. Every transaction's commit flushes whatever waits, so lingering
     * never delays a prediction beyond its transaction; it only lets batches fill while a large poll is scored.
     */
    private static final int PRODUCER_LINGER_MS = 100;

    /**
     * {@code max.partition.fetch.bytes} of the requests consumer, 8 times Kafka's: one partition's fetch holds a whole
     * poll of {@code scorer.max.poll.records} typical requests, so a poll is not cut short at about 1,700 requests of
     * 600 bytes per partition. Every poll is one transaction, whose fixed cost (offsets to the group coordinator, the
     * commit) larger polls amortise: with 2,500-request polls in the Python comparison benchmark, those two calls took
     * a third of the loop's time (see BENCHMARKS.md). Kafka's {@code fetch.max.bytes} (50 MiB) still bounds a fetch.
     */
    private static final int REQUESTS_FETCH_BYTES_PER_PARTITION = 8 * 1024 * 1024;

    /** Events are informational: an unreachable events topic must not hold up the model follower for long. */
    private static final int EVENTS_MAX_BLOCK_MS = 10_000;

    private final ScorerConfig config;

    ScorerClients(ScorerConfig config) {
        this.config = config;
    }

    /**
     * The requests consumer: a member of the scorer group, reading committed requests, committing nothing itself;
     * fetches up to {@value #REQUESTS_FETCH_BYTES_PER_PARTITION} bytes per partition unless {@code kafka.*} says otherwise.
     */
    Map<String, Object> requestsConsumer() {
        Map<String, Object> defaults = Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, clientId("requests"),
                // A new group starts at the beginning, so requests sent before any scorer ran are answered too.
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, REQUESTS_FETCH_BYTES_PER_PARTITION);
        Map<String, Object> settings = config.kafka().over(defaults);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        return withDeserializers(settings);
    }

    /** The models consumer: no group (every instance reads the whole topic), committed models only. */
    Map<String, Object> modelsConsumer() {
        return ungroupedConsumer("models", "earliest");
    }

    /** The late-labels consumer of the input topic: no group, committed records only, from the end. */
    Map<String, Object> labelsConsumer() {
        return ungroupedConsumer("labels", "latest");
    }

    /** The control producer: requests to the streams-app, plain idempotent sends like events. */
    Map<String, Object> controlProducer() {
        return plainProducer("control");
    }

    /**
     * The one transactional producer of this instance: predictions, dead letters and request offsets.
     * A commit that meets the broker still completing the previous one ("concurrent transactions") is
     * retried after {@code retry.backoff.ms}; Kafka's 100 ms default stalled about one commit in twenty
     * for that long, so the scorer waits {@value #TRANSACTION_RETRY_BACKOFF_MS} ms instead (see BENCHMARKS.md).
     * Batches are {@value #PRODUCER_BATCH_BYTES} bytes and linger {@value #PRODUCER_LINGER_MS} ms; {@code kafka.*}
     * settings override all three.
     */
    Map<String, Object> transactionalProducer() {
        Map<String, Object> defaults = Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, clientId("scores"),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.RETRY_BACKOFF_MS_CONFIG, TRANSACTION_RETRY_BACKOFF_MS,
                ProducerConfig.BATCH_SIZE_CONFIG, PRODUCER_BATCH_BYTES,
                ProducerConfig.LINGER_MS_CONFIG, PRODUCER_LINGER_MS,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES);
        Map<String, Object> settings = config.kafka().over(defaults);
        settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return withSerializers(settings);
    }

    /** The events producer: plain idempotent sends, outside the scoring transactions. */
    Map<String, Object> eventsProducer() {
        return plainProducer("events");
    }

    /** A consumer outside any group that reads committed records of the topics it assigns itself. */
    private Map<String, Object> ungroupedConsumer(String role, String offsetReset) {
        Map<String, Object> defaults = Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, clientId(role),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
        Map<String, Object> settings = config.kafka().over(defaults);
        // Static membership belongs to the requests consumer's group; without a group it is an error.
        settings.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return withDeserializers(settings);
    }

    /** A producer of plain idempotent sends, outside the scoring transactions, that blocks for metadata only briefly. */
    private Map<String, Object> plainProducer(String role) {
        Map<String, Object> defaults = Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, clientId(role),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, EVENTS_MAX_BLOCK_MS);
        return withSerializers(config.kafka().over(defaults));
    }

    private String clientId(String role) {
        return "streamtrain-" + config.pipeline().pipelineName() + "-scorer-" + config.instanceId() + "-" + role;
    }

    private static Map<String, Object> withDeserializers(Map<String, Object> settings) {
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return settings;
    }

    private static Map<String, Object> withSerializers(Map<String, Object> settings) {
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return settings;
    }
}
