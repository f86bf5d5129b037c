package io.streamtrain.core.config;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;

/**
 * One pipeline of a deployment: where its definition was read from, its full configuration (pipeline,
 * service and {@code kafka.*} keys) and the validated pipeline keys.
 *
 * @param source        where the definition comes from, for example the properties file; named in messages
 * @param configuration every key of the definition
 * @param pipeline      the validated pipeline keys of {@code configuration}
 */
public record PipelineDefinition(String source, Map<String, String> configuration, PipelineConfig pipeline) {

    public PipelineDefinition {
        Objects.requireNonNull(source, "source");
        configuration = Map.copyOf(configuration);
        Objects.requireNonNull(pipeline, "pipeline");
    }

    /**
     * Validates {@code configuration}.
     *
     * @throws ConfigException naming {@code source}, the key, the value and what is allowed
     */
    public static PipelineDefinition of(String source, Map<String, String> configuration) {
        try {
            return new PipelineDefinition(source, configuration, new PipelineConfig(configuration));
        } catch (ConfigException e) {
            throw new ConfigException(source + ": " + e.getMessage());
        }
    }

    public String name() {
        return pipeline.pipelineName();
    }
}
