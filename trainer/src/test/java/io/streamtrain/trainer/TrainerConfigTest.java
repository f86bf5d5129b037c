package io.streamtrain.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class TrainerConfigTest {

    private static TrainerConfig config(Map<String, String> trainerKeys) {
        Map<String, String> settings = new HashMap<>(trainerKeys);
        settings.put(PipelineConfig.PIPELINE_NAME_CONFIG, "churn");
        return new TrainerConfig(PipelineDefinition.of("test", settings));
    }

    @Test
    void shouldDeriveIdsFromThePipelineAndDocumentEveryDefault() {
        TrainerConfig config = config(Map.of());

        assertThat(config.groupId()).isEqualTo("streamtrain-churn-trainer");
        assertThat(config.transactionalId()).isEqualTo("streamtrain-churn-trainer");
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
        TrainerConfig config = config(Map.of(
                TrainerConfig.GROUP_ID_CONFIG, " blue-trainers ",
                TrainerConfig.TRANSACTIONAL_ID_CONFIG, "blue-trainer-1"));

        assertThat(config.groupId()).isEqualTo("blue-trainers");
        assertThat(config.transactionalId()).isEqualTo("blue-trainer-1");
    }

    @Test
    void shouldNameTheKeyOfAnInvalidValue() {
        assertThatThrownBy(() -> config(Map.of(TrainerConfig.THREADS_CONFIG, "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(TrainerConfig.THREADS_CONFIG);
    }

    @Test
    void shouldRefuseABatchLimitBelowTheWindowLimitNamingBothKeys() {
        Map<String, String> settings = Map.of(
                PipelineConfig.WINDOW_MAX_RECORDS_CONFIG, "1000",
                TrainerConfig.BATCH_MAX_RECORDS_CONFIG, "999");

        assertThatThrownBy(() -> config(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(TrainerConfig.BATCH_MAX_RECORDS_CONFIG)
                .hasMessageContaining(PipelineConfig.WINDOW_MAX_RECORDS_CONFIG);
    }
}
