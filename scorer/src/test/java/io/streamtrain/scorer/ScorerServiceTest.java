package io.streamtrain.scorer;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.core.config.PipelineDefinition;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ScorerServiceTest {

    @Test
    void shouldRefuseATransientPipelineNamingTheModeKey() {
        ScorerConfig config = new ScorerConfig(PipelineDefinition.of("test", Map.of("pipeline.name", "churn", "pipeline.mode", "transient")));

        assertThatThrownBy(() -> new ScorerService(config, Clock.systemUTC()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContainingAll("pipeline.mode", "transient", "churn", "stores no model");
    }
}
