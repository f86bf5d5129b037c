package io.streamtrain.core.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;

/**
 * One pipeline of a deployment: where its definition was read from, its full configuration (pipeline,
 * service and {@code kafka.*} keys) and the validated pipeline keys. It is parsed once per process (the input schema
 * read once) and handed to every service of the pipeline, each of which reads its own keys from it
 * ({@link ServiceConfig}).
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

    /**
     * The definition of a pipeline already parsed, with the keys it was parsed from; for code that holds a
     * {@link PipelineConfig} only, such as tools and tests.
     */
    public static PipelineDefinition of(PipelineConfig pipeline) {
        Map<String, String> configuration = new HashMap<>();
        pipeline.originals().forEach((key, value) -> {
            if (value != null) {
                configuration.put(key, String.valueOf(value));
            }
        });
        return new PipelineDefinition("pipeline " + pipeline.pipelineName(), configuration, pipeline);
    }

    /**
     * This definition with {@code keys} added or replaced, without parsing it again: the keys a runtime adds, such as the
     * cluster's address, a state directory or signing keys.
     *
     * @throws IllegalArgumentException if a key is a pipeline key, which would need the definition to be parsed again
     */
    public PipelineDefinition with(Map<String, String> keys) {
        List<String> pipelineKeys = keys.keySet().stream().filter(PipelineConfig::isPipelineKey).sorted().toList();
        if (!pipelineKeys.isEmpty()) {
            throw new IllegalArgumentException("pipeline keys " + pipelineKeys + " cannot be added to the parsed definition of " + source);
        }
        Map<String, String> merged = new HashMap<>(configuration);
        merged.putAll(keys);
        return new PipelineDefinition(source, merged, pipeline);
    }

    public String name() {
        return pipeline.pipelineName();
    }

    /** The Kafka client settings: the {@code kafka.*} keys of {@link #configuration()}. */
    public KafkaClientSettings kafka() {
        return KafkaClientSettings.from(configuration);
    }
}
