package io.streamtrain.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The deploy.* keys of a pipeline definition. */
class DeployConfigTest {

    @Test
    void shouldServeChallengersImmediatelyByDefault() {
        DeploySettings deploy = config(Map.of()).deploy();

        assertThat(deploy).isEqualTo(new DeploySettings(DeployStrategy.IMMEDIATE, 0.1, 500, Duration.ofDays(1), 0.05, Duration.ofSeconds(10)));
        assertThat(deploy.triesChallengers()).isFalse();
    }

    @Test
    void shouldReadEveryDeployKey() {
        DeploySettings deploy = config(Map.of("deploy.strategy", "immediate", "deploy.canary.share", "0.05",
                "deploy.min.labels", "1000", "deploy.max.duration.ms", "21600000", "deploy.significance", "0.01",
                "deploy.progress.interval.ms", "500")).deploy();

        assertThat(deploy).isEqualTo(new DeploySettings(DeployStrategy.IMMEDIATE, 0.05, 1000, Duration.ofHours(6), 0.01, Duration.ofMillis(500)));
        assertThat(new DeploySettings(DeployStrategy.CANARY, 0.05, 1000, Duration.ofHours(6), 0.01, Duration.ofSeconds(10)).triesChallengers()).isTrue();
    }

    @Test
    void shouldAcceptEveryStrategy() {
        assertThat(config(Map.of("deploy.strategy", "shadow")).deploy().strategy()).isEqualTo(DeployStrategy.SHADOW);
        assertThat(config(Map.of("deploy.strategy", "canary")).deploy().strategy()).isEqualTo(DeployStrategy.CANARY);
    }

    @Test
    void shouldNameTheKeyOfAValueOutOfRange() {
        assertThatThrownBy(() -> config(Map.of("deploy.strategy", "blue-green")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("deploy.strategy").hasMessageContaining("shadow");
        assertThatThrownBy(() -> config(Map.of("deploy.canary.share", "0.6")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("deploy.canary.share").hasMessageContaining("0.5");
        assertThatThrownBy(() -> config(Map.of("deploy.min.labels", "7")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("deploy.min.labels");
        assertThatThrownBy(() -> config(Map.of("deploy.significance", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("deploy.significance");
    }

    private static PipelineConfig config(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, "churn"));
        values.putAll(overrides);
        return new PipelineConfig(values);
    }
}
