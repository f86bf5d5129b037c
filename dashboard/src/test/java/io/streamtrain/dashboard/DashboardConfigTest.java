package io.streamtrain.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardConfigTest {

    @Test
    void shouldListenOnLoopbackUnlessAnotherInterfaceIsAskedFor() {
        assertThat(new DashboardConfig(PipelineDefinition.of(new PipelineConfig(Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, "p"))).with(Map.of())).host()).isEqualTo("127.0.0.1");
        assertThat(new DashboardConfig(PipelineDefinition.of(new PipelineConfig(Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, "p"))).with(Map.of(DashboardConfig.HOST_CONFIG, "0.0.0.0"))).host()).isEqualTo("0.0.0.0");
    }
}
