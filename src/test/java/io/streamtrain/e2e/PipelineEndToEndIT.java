package io.streamtrain.e2e;

import java.util.Map;

/** The end-to-end scenario on the embedded broker, which {@code PipelineRuntime} starts when no cluster is configured. */
class PipelineEndToEndIT extends PipelineEndToEndScenario {

    @Override
    protected Map<String, String> clusterConfiguration() {
        return Map.of();
    }
}
