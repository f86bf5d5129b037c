package io.streamtrain.streams;

import io.streamtrain.core.config.KafkaClientSettings;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.core.config.PipelineMode;
import io.streamtrain.core.config.ServiceConfig;
import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.streams.internal.errors.DeserializationErrorPolicy;
import io.streamtrain.streams.internal.errors.ProcessingErrorPolicy;
import io.streamtrain.streams.internal.errors.ProductionErrorPolicy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Configuration of the streams-app service: the {@code streams.*} keys below, read from the pipeline's definition
 * ({@link ServiceConfig}). Kafka client settings ({@code kafka.*}) pass through to
 * Kafka Streams untouched and win over streamtrain's defaults, except where that would break a guarantee:
 *
 * <ul>
 *   <li>{@code processing.guarantee} is always {@code exactly_once_v2}: batches, events, dead letters and
 *       state changes commit atomically with the input offsets;</li>
 *   <li>Kafka Streams settings that have a {@code streams.*} key here must be set through that key;</li>
 *   <li>the producer's {@code max.request.size} must fit the largest dead letter
 *       ({@link PipelineTopics#DEAD_LETTER_MAX_MESSAGE_BYTES}) and therefore every batch chunk.</li>
 * </ul>
 * Streamtrain's defaults: producer {@code compression.type=lz4} and {@code batch.size} of
 * {@link #PRODUCER_BATCH_BYTES}; internal topics with
 * {@code max.message.bytes} of {@link PipelineTopics#BATCH_MAX_MESSAGE_BYTES}; the error policies of
 * {@code io.streamtrain.streams.internal.errors}; {@code errors.dead.letter.queue.topic.name} set to the
 * pipeline's dead-letter topic; {@code max.task.idle.ms=-1} except in transient mode.
 */
public final class StreamsAppConfig extends ServiceConfig {

    public static final String APPLICATION_ID_CONFIG = "streams.application.id";
    private static final String APPLICATION_ID_DOC = "Kafka Streams application.id: the consumer group, the transactional id prefix and the "
            + "prefix of internal topics. Instances with the same id share the work. Empty uses streamtrain-<pipeline.name>-streams.";

    public static final String STATE_DIR_CONFIG = "streams.state.dir";
    private static final String STATE_DIR_DOC = "Directory of the local state stores. Empty uses Kafka Streams' default under java.io.tmpdir; "
            + "use a persistent directory in production so that a restart does not restore the open windows from the changelog.";

    public static final String NUM_STREAM_THREADS_CONFIG = "streams.num.stream.threads";
    private static final String NUM_STREAM_THREADS_DOC = "Stream threads of this instance. Each input partition is one task that "
            + "validates and windows its records, so threads beyond the input partitions assigned to this instance stay idle.";

    public static final String COMMIT_INTERVAL_MS_CONFIG = "streams.commit.interval.ms";
    private static final String COMMIT_INTERVAL_MS_DOC = "How often the exactly-once transaction commits. Output becomes visible to read_committed "
            + "consumers at commit. Each commit blocks the stream thread while it flushes and commits; the default is longer "
            + "than Kafka Streams' 100 ms because batches span whole windows and a second of latency costs them nothing.";

    public static final String IDLE_CHECK_INTERVAL_MS_CONFIG = "streams.idle.check.interval.ms";
    private static final String IDLE_CHECK_INTERVAL_MS_DOC = "How often the windower checks the wall clock for " + PipelineConfig.WINDOW_IDLE_CLOSE_MS_CONFIG
            + "; an idle window closes at most this much after the idle time has passed.";

    public static final String PARTITION_IDLE_MS_CONFIG = "streams.partition.idle.ms";
    private static final String PARTITION_IDLE_MS_DOC = "With several input partitions, each partition's task closes its part of "
            + "each window on its own stream time. A task whose partition has delivered no record for this long, and which "
            + "holds no open part, tells the trainer it is idle, and says so again every window.idle.close.ms (or this long, if "
            + "shorter) while it stays idle; a partition without traffic holds a window back by at most one such repeat. When records "
            + "return it says it is no longer idle. Records that then belong to a window the trainer already "
            + "assembled are reported as a late part. With one input partition, stream time waits this long for the partition's "
            + "first record after a start.";

    public static final String REPLICATION_FACTOR_CONFIG = "streams.replication.factor";
    private static final String REPLICATION_FACTOR_DOC = "Replication factor of the internal topics (the state changelogs). "
            + "-1 uses the broker's default.replication.factor.";

    public static final String CLOSE_TIMEOUT_MS_CONFIG = "streams.close.timeout.ms";
    private static final String CLOSE_TIMEOUT_MS_DOC = "How long a graceful close waits for the stream threads to finish and commit.";

    /**
     * The producer's {@code max.request.size}: the largest message the dead-letter topic accepts (an input
     * record at the input topic's limit plus its error headers). Batch chunks are far below it.
     */
    public static final int MAX_REQUEST_BYTES = PipelineTopics.DEAD_LETTER_MAX_MESSAGE_BYTES;

    /**
     * The producer's default {@code batch.size}, 16 times Kafka's. The repartition topic and the changelogs carry
     * many small records between commits; in the windowing benchmark the topology cut after the repartition went
     * from about 117k to 154-165k records/s with it (see BENCHMARKS.md).
     */
    public static final int PRODUCER_BATCH_BYTES = 256 * 1024;

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(APPLICATION_ID_CONFIG, Type.STRING, "", new ApplicationIdValidator(), Importance.HIGH, APPLICATION_ID_DOC)
            .define(STATE_DIR_CONFIG, Type.STRING, "", new ConfigDef.NonNullValidator(), Importance.HIGH, STATE_DIR_DOC)
            .define(NUM_STREAM_THREADS_CONFIG, Type.INT, 1, Range.between(1, 64), Importance.MEDIUM, NUM_STREAM_THREADS_DOC)
            .define(COMMIT_INTERVAL_MS_CONFIG, Type.LONG, 1_000L, Range.between(1, 600_000), Importance.MEDIUM, COMMIT_INTERVAL_MS_DOC)
            .define(IDLE_CHECK_INTERVAL_MS_CONFIG, Type.LONG, 1_000L, Range.between(10, 600_000), Importance.LOW, IDLE_CHECK_INTERVAL_MS_DOC)
            .define(PARTITION_IDLE_MS_CONFIG, Type.LONG, 30_000L, Range.between(1, 3_600_000), Importance.MEDIUM, PARTITION_IDLE_MS_DOC)
            .define(REPLICATION_FACTOR_CONFIG, Type.INT, -1, new ReplicationFactorValidator(), Importance.MEDIUM, REPLICATION_FACTOR_DOC)
            .define(CLOSE_TIMEOUT_MS_CONFIG, Type.LONG, 30_000L, Range.between(0, 3_600_000), Importance.LOW, CLOSE_TIMEOUT_MS_DOC);

    /** Kafka Streams settings that only the {@code streams.*} key next to them may set. */
    private static final Map<String, String> OWNED_SETTINGS = Map.of(
            StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID_CONFIG,
            StreamsConfig.STATE_DIR_CONFIG, STATE_DIR_CONFIG,
            StreamsConfig.NUM_STREAM_THREADS_CONFIG, NUM_STREAM_THREADS_CONFIG,
            StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS_CONFIG,
            StreamsConfig.REPLICATION_FACTOR_CONFIG, REPLICATION_FACTOR_CONFIG);

    /**
     * Reads the {@code streams.*} keys from the pipeline's definition and checks the {@code kafka.*} keys
     * against them; a conflict fails with a {@link ConfigException} naming the key to change.
     */
    public StreamsAppConfig(PipelineDefinition definition) {
        super(CONFIG, definition);
        checkKafkaSettings(kafka().properties());
    }

    /** The definition of every key, for documentation and tooling. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    public String applicationId() {
        String configured = getString(APPLICATION_ID_CONFIG);
        return configured.isBlank() ? "streamtrain-" + pipeline().pipelineName() + "-streams" : configured;
    }

    public Duration idleCheckInterval() {
        return Duration.ofMillis(getLong(IDLE_CHECK_INTERVAL_MS_CONFIG));
    }

    public Duration partitionIdle() {
        return Duration.ofMillis(getLong(PARTITION_IDLE_MS_CONFIG));
    }

    /**
     * The topology options of this configuration for an input topic of {@code inputPartitions} partitions and a
     * score-requests topic of {@code requestPartitions} (read in transient mode only).
     */
    public TopologyOptions topologyOptions(int inputPartitions, int requestPartitions) {
        return new TopologyOptions(idleCheckInterval(), partitionIdle(), inputPartitions, requestPartitions);
    }

    public Duration closeTimeout() {
        return Duration.ofMillis(getLong(CLOSE_TIMEOUT_MS_CONFIG));
    }

    /**
     * The complete Kafka Streams configuration.
     *
     * @throws ConfigException if {@code kafka.bootstrap.servers} is not set
     */
    public Properties streamsProperties() {
        KafkaClientSettings kafka = kafka();
        if (kafka.bootstrapServers().isEmpty()) {
            throw new ConfigException(KafkaClientSettings.PREFIX + "bootstrap.servers", "",
                    "the streams-app needs a Kafka cluster; the launcher sets this when it starts the embedded broker");
        }
        Map<String, Object> defaults = new HashMap<>();
        defaults.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
        defaults.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        defaults.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, getInt(NUM_STREAM_THREADS_CONFIG));
        defaults.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, getLong(COMMIT_INTERVAL_MS_CONFIG));
        defaults.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, getInt(REPLICATION_FACTOR_CONFIG));
        if (!getString(STATE_DIR_CONFIG).isBlank()) {
            defaults.put(StreamsConfig.STATE_DIR_CONFIG, getString(STATE_DIR_CONFIG));
        }
        defaults.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        // Each record goes out once or twice (repartition topic, changelog chunks) between commits, and the
        // commit flushes whatever is pending anyway: larger batches mean fewer produce requests per commit.
        defaults.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
        defaults.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), MAX_REQUEST_BYTES);
        // Internal topics carry clean records (each fits a batch chunk) and small metadata; brokers default to 1 MB.
        defaults.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), PipelineTopics.BATCH_MAX_MESSAGE_BYTES);
        defaults.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeserializationErrorPolicy.class);
        defaults.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingErrorPolicy.class);
        defaults.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ProductionErrorPolicy.class);
        defaults.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, pipeline().topics().deadLetters());
        if (pipeline().mode() != PipelineMode.TRANSIENT) {
            // A task's records need no timestamp order against another topic: close requests act on the windows open
            // when they arrive. Waiting for an empty partition (the default, 0; with one input partition the control
            // topic's is in the task and nearly always empty) made Kafka Streams format a log line per record, a sixth
            // of the stream thread's time. Transient mode keeps the default: score requests join input records in
            // timestamp order.
            defaults.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        }
        // The close-request index (several input partitions) is the one global store; this applies the processing error
        // policy to its processor as to the tasks', opts in to Kafka 5.0's default now and silences a warning.
        defaults.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        Properties properties = new Properties();
        properties.putAll(kafka.over(defaults));
        return properties;
    }

    private static void checkKafkaSettings(Map<String, Object> kafka) {
        OWNED_SETTINGS.forEach((setting, ownKey) -> {
            if (kafka.containsKey(setting)) {
                throw new ConfigException(KafkaClientSettings.PREFIX + setting, kafka.get(setting), "set " + ownKey + " instead");
            }
        });
        Object guarantee = kafka.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        if (guarantee != null && !StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee.toString().trim())) {
            throw new ConfigException(KafkaClientSettings.PREFIX + StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee,
                    "the streams-app always runs " + StreamsConfig.EXACTLY_ONCE_V2 + "; remove the key");
        }
        for (String key : new String[] {ProducerConfig.MAX_REQUEST_SIZE_CONFIG, StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)}) {
            if (kafka.containsKey(key)) {
                checkMaxRequestSize(KafkaClientSettings.PREFIX + key, kafka.get(key));
            }
        }
    }

    private static void checkMaxRequestSize(String key, Object value) {
        long size;
        try {
            size = Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "must be a number of bytes");
        }
        if (size < MAX_REQUEST_BYTES) {
            throw new ConfigException(key, value, "must be at least " + MAX_REQUEST_BYTES
                    + " so that the largest dead letter and every batch chunk can be written");
        }
    }

    private static final class ApplicationIdValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || !value.toString().matches("[A-Za-z0-9._-]{0,200}")) {
                throw new ConfigException(name, value, "must be empty or up to 200 letters, digits, '.', '_' or '-' (it prefixes topic names)");
            }
        }

        @Override
        public String toString() {
            return "empty or [A-Za-z0-9._-]{1,200}";
        }
    }

    private static final class ReplicationFactorValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            int factor = (Integer) value;
            if (factor != -1 && (factor < 1 || factor > Short.MAX_VALUE)) {
                throw new ConfigException(name, value, "must be -1 (broker default) or between 1 and " + Short.MAX_VALUE);
            }
        }

        @Override
        public String toString() {
            return "-1 or [1,...," + Short.MAX_VALUE + "]";
        }
    }
}
