package io.streamtrain.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.streams.internal.errors.DeserializationErrorPolicy;
import io.streamtrain.streams.internal.errors.ProcessingErrorPolicy;
import io.streamtrain.streams.internal.errors.ProductionErrorPolicy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsAppConfigTest {

    private static StreamsAppConfig config(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                PipelineConfig.PIPELINE_NAME_CONFIG, "churn",
                "kafka.bootstrap.servers", "broker:9092"));
        settings.putAll(extra);
        return new StreamsAppConfig(PipelineDefinition.of(new PipelineConfig(settings)));
    }

    @Test
    void shouldRunExactlyOnceWithStreamtrainDefaults() {
        Properties properties = config(Map.of()).streamsProperties();

        assertThat(properties)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "streamtrain-churn-streams")
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1)
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1_000L)
                .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1)
                .containsEntry("producer.compression.type", "lz4")
                .containsEntry("producer.batch.size", StreamsAppConfig.PRODUCER_BATCH_BYTES)
                .containsEntry("producer.max.request.size", StreamsAppConfig.MAX_REQUEST_BYTES)
                .containsEntry(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "churn.dlq")
                .containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeserializationErrorPolicy.class)
                .containsEntry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingErrorPolicy.class)
                .containsEntry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ProductionErrorPolicy.class)
                .doesNotContainKey(StreamsConfig.STATE_DIR_CONFIG);
        assertThat(new StreamsConfig(properties).getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    }

    @Test
    void shouldNotWaitForEmptyPartitionsUnlessScoreRequestsJoinRecordsInTimestampOrder() {
        assertThat(config(Map.of()).streamsProperties()).containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        assertThat(config(Map.of(PipelineConfig.PIPELINE_MODE_CONFIG, "transient")).streamsProperties())
                .doesNotContainKey(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG);
        assertThat(config(Map.of("kafka.max.task.idle.ms", "0")).streamsProperties())
                .containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "0");
    }

    @Test
    void shouldApplyServiceKeysAndPassKafkaSettingsThrough() {
        StreamsAppConfig config = config(Map.of(
                StreamsAppConfig.APPLICATION_ID_CONFIG, "custom-id",
                StreamsAppConfig.STATE_DIR_CONFIG, "state",
                StreamsAppConfig.NUM_STREAM_THREADS_CONFIG, "3",
                StreamsAppConfig.REPLICATION_FACTOR_CONFIG, "3",
                StreamsAppConfig.IDLE_CHECK_INTERVAL_MS_CONFIG, "250",
                "kafka.security.protocol", "SASL_SSL",
                "kafka.producer.compression.type", "zstd"));

        assertThat(config.idleCheckInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.streamsProperties())
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "custom-id")
                .containsEntry(StreamsConfig.STATE_DIR_CONFIG, "state")
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 3)
                .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, 3)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("producer.compression.type", "zstd");
    }

    @Test
    void shouldRefuseAnotherProcessingGuarantee() {
        assertThatThrownBy(() -> config(Map.of("kafka.processing.guarantee", "at_least_once")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.processing.guarantee");
    }

    @Test
    void shouldNameTheServiceKeyWhenKafkaKeyDuplicatesIt() {
        assertThatThrownBy(() -> config(Map.of("kafka.application.id", "x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.application.id")
                .hasMessageContaining(StreamsAppConfig.APPLICATION_ID_CONFIG);
    }

    @Test
    void shouldRefuseMaxRequestSizeTooSmallForDeadLetters() {
        assertThatThrownBy(() -> config(Map.of("kafka.producer.max.request.size", "1048576")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.producer.max.request.size");
    }

    @Test
    void shouldRefuseInvalidServiceValues() {
        assertThatThrownBy(() -> config(Map.of(StreamsAppConfig.REPLICATION_FACTOR_CONFIG, "0"))).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> config(Map.of(StreamsAppConfig.NUM_STREAM_THREADS_CONFIG, "0"))).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> config(Map.of(StreamsAppConfig.APPLICATION_ID_CONFIG, "has space"))).isInstanceOf(ConfigException.class);
    }

    @Test
    void shouldRequireBootstrapServersForKafkaStreams() {
        StreamsAppConfig config = new StreamsAppConfig(PipelineDefinition.of(new PipelineConfig(Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, "churn"))));

        assertThatThrownBy(config::streamsProperties).isInstanceOf(ConfigException.class).hasMessageContaining("kafka.bootstrap.servers");
    }

    @Test
    void shouldDocumentEveryKeyWithTypeDefaultAndValidator() {
        for (ConfigDef.ConfigKey key : StreamsAppConfig.configDef().configKeys().values()) {
            assertThat(key.documentation).as(key.name).isNotBlank();
            assertThat(key.hasDefault()).as(key.name).isTrue();
            assertThat(key.validator).as(key.name).isNotNull();
        }
    }
}
