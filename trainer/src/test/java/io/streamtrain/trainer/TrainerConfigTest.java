package io.streamtrain.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.core.config.PipelineConfig;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class TrainerConfigTest {

    @Test
    void shouldDeriveIdsFromThePipelineAndDocumentEveryDefault() {
        TrainerConfig config = new TrainerConfig(Map.of());

        assertThat(config.groupId("churn")).isEqualTo("streamtrain-churn-trainer");
        assertThat(config.transactionalId("churn")).isEqualTo("streamtrain-churn-trainer");
        assertThat(config.batchMaxRecords()).isEqualTo(200_000);
        assertThat(config.batchMaxPending()).isEqualTo(8);
        assertThat(config.threads()).isEqualTo(1);
        assertThat(config.pollTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        TrainerConfig.configDef().configKeys().values()
                .forEach(key -> assertThat(key.documentation).as(key.name).isNotBlank());
    }

    @Test
    void shouldUseExplicitIds() {
        TrainerConfig config = new TrainerConfig(Map.of(
                TrainerConfig.GROUP_ID_CONFIG, " blue-trainers ",
                TrainerConfig.TRANSACTIONAL_ID_CONFIG, "blue-trainer-1"));

        assertThat(config.groupId("churn")).isEqualTo("blue-trainers");
        assertThat(config.transactionalId("churn")).isEqualTo("blue-trainer-1");
    }

    @Test
    void shouldNameTheKeyOfAnInvalidValue() {
        assertThatThrownBy(() -> new TrainerConfig(Map.of(TrainerConfig.THREADS_CONFIG, "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(TrainerConfig.THREADS_CONFIG);
    }

    @Test
    void shouldRefuseABatchLimitBelowTheWindowLimitNamingBothKeys() {
        PipelineConfig pipeline = new PipelineConfig(Map.of(
                PipelineConfig.PIPELINE_NAME_CONFIG, "churn",
                PipelineConfig.WINDOW_MAX_RECORDS_CONFIG, "1000"));
        TrainerConfig config = new TrainerConfig(Map.of(TrainerConfig.BATCH_MAX_RECORDS_CONFIG, "999"));

        assertThatThrownBy(() -> config.checkAgainst(pipeline))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(TrainerConfig.BATCH_MAX_RECORDS_CONFIG)
                .hasMessageContaining(PipelineConfig.WINDOW_MAX_RECORDS_CONFIG);
    }
}
