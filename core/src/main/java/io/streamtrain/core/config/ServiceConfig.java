package io.streamtrain.core.config;

import java.util.Objects;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The typed configuration of one service of a pipeline, made the same way for every service: from the pipeline's
 * {@link PipelineDefinition}, parsed once per process, of which the service reads only its own keys (its
 * {@link ConfigDef}, for example the {@code trainer.*} keys) and uses the parsed pipeline and the Kafka client settings
 * as they are. Keys of other services are ignored. {@link #originals()} is the whole definition, for the settings that
 * several services share (for example the {@code model.signing.*} and {@code model.verify.*} keys).
 */
public abstract class ServiceConfig extends AbstractConfig {

    private final PipelineDefinition definition;

    /**
     * Validates the service's keys in {@code definition}.
     *
     * @throws ConfigException naming the key, the value and what is allowed
     */
    protected ServiceConfig(ConfigDef serviceKeys, PipelineDefinition definition) {
        super(serviceKeys, Objects.requireNonNull(definition, "definition").configuration(), false);
        this.definition = definition;
    }

    /** The definition this configuration was read from. */
    public final PipelineDefinition definition() {
        return definition;
    }

    /** The pipeline the service serves. */
    public final PipelineConfig pipeline() {
        return definition.pipeline();
    }

    /** The Kafka client settings ({@code kafka.*} keys) of every client the service makes. */
    public final KafkaClientSettings kafka() {
        return definition.kafka();
    }
}
