package io.streamtrain.core.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * The pipelines that run side by side in one deployment. They are isolated by their topics, so no two may
 * share a name (the default topic prefix, consumer groups and transactional ids derive from it) or a topic.
 *
 * @param pipelines the pipelines, at least one, in the order they were given
 */
public record DeploymentDefinition(List<PipelineDefinition> pipelines) {

    /**
     * @throws ConfigException naming both sources, the key and the value when two pipelines share a name or a topic
     */
    public DeploymentDefinition {
        pipelines = List.copyOf(pipelines);
        if (pipelines.isEmpty()) {
            throw new IllegalArgumentException("a deployment needs at least one pipeline definition");
        }
        requireDistinctNames(pipelines);
        requireDistinctTopics(pipelines);
    }

    /** The pipeline named {@code name}. */
    public PipelineDefinition pipeline(String name) {
        return pipelines.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pipeline " + name + "; the deployment runs " + names()));
    }

    public List<String> names() {
        return pipelines.stream().map(PipelineDefinition::name).toList();
    }

    private static void requireDistinctNames(List<PipelineDefinition> pipelines) {
        Map<String, PipelineDefinition> byName = new HashMap<>();
        for (PipelineDefinition pipeline : pipelines) {
            PipelineDefinition other = byName.putIfAbsent(pipeline.name(), pipeline);
            if (other != null) {
                throw new ConfigException(pipeline.source() + ": " + new ConfigException(PipelineConfig.PIPELINE_NAME_CONFIG, pipeline.name(),
                        "is also the name of the pipeline in " + other.source() + "; every pipeline of a deployment needs its own name").getMessage());
            }
        }
    }

    private static void requireDistinctTopics(List<PipelineDefinition> pipelines) {
        Map<String, String> ownerByTopic = new HashMap<>();
        for (PipelineDefinition pipeline : pipelines) {
            pipeline.pipeline().topics().names().forEach((role, topic) -> {
                String owner = ownerByTopic.putIfAbsent(topic, pipeline.source() + " (" + PipelineConfig.TOPICS_PREFIX + role.key()
                        + " of pipeline " + pipeline.name() + ")");
                if (owner != null) {
                    throw new ConfigException(pipeline.source() + ": " + new ConfigException(PipelineConfig.TOPICS_PREFIX + role.key(), topic,
                            "is also the topic of " + owner + "; pipelines are isolated by their topics, so each needs its own").getMessage());
                }
            });
        }
    }
}
