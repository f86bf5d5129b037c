package io.streamtrain.core.topics;

import java.util.Map;
import java.util.Objects;

/**
 * A topic as streamtrain creates it: name, partition count and explicit topic-level configs
 * (for example {@code cleanup.policy}, {@code retention.ms}, {@code max.message.bytes}).
 *
 * @param name       topic name
 * @param partitions partition count, at least 1
 * @param configs    topic-level configs; never null
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be at least 1, was " + partitions);
        }
        configs = Map.copyOf(Objects.requireNonNull(configs, "configs"));
    }
}
