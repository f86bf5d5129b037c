package io.streamtrain.launcher.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.config.PipelineConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceKindTest {

    @Test
    void shouldRunNoScorerForATransientPipelineAndEveryOtherServiceForBothModes() {
        PipelineConfig transientPipeline = new PipelineConfig(Map.of("pipeline.name", "once", "pipeline.mode", "transient"));
        PipelineConfig continuous = new PipelineConfig(Map.of("pipeline.name", "churn"));

        assertThat(ServiceKind.SCORER.runsFor(transientPipeline)).isFalse();
        assertThat(ServiceKind.SCORER.runsFor(continuous)).isTrue();
        assertThat(ServiceKind.values()).filteredOn(kind -> kind != ServiceKind.SCORER)
                .allSatisfy(kind -> assertThat(kind.runsFor(transientPipeline) && kind.runsFor(continuous)).isTrue());
    }
}
