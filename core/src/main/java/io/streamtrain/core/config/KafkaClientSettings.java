package io.streamtrain.core.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Kafka client settings taken from a service configuration: every key under {@code kafka.} is passed,
 * without the prefix and untouched, to every Kafka client the service creates (for example
 * {@code kafka.bootstrap.servers}, {@code kafka.security.protocol}, {@code kafka.sasl.jaas.config}).
 *
 * @param properties client properties without the prefix
 */
public record KafkaClientSettings(Map<String, Object> properties) {

    /** Prefix that marks a configuration key as a Kafka client setting. */
    public static final String PREFIX = "kafka.";

    public KafkaClientSettings {
        properties = Map.copyOf(properties);
    }

    /** The {@code kafka.*} entries of a configuration map, prefix removed. */
    public static KafkaClientSettings from(Map<String, ?> configuration) {
        Map<String, Object> properties = new HashMap<>();
        configuration.forEach((key, value) -> {
            if (key.startsWith(PREFIX) && value != null) {
                properties.put(key.substring(PREFIX.length()), value);
            }
        });
        return new KafkaClientSettings(properties);
    }

    /** The configured bootstrap servers; empty means "start the embedded broker". */
    public Optional<String> bootstrapServers() {
        Object value = properties.get("bootstrap.servers");
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString());
    }

    /** A copy with {@code bootstrap.servers} set, for example to the embedded broker's address. */
    public KafkaClientSettings withBootstrapServers(String bootstrapServers) {
        Map<String, Object> copy = new HashMap<>(properties);
        copy.put("bootstrap.servers", bootstrapServers);
        return new KafkaClientSettings(copy);
    }

    /** A mutable copy merged over {@code defaults}: explicit client settings win over streamtrain's defaults. */
    public Map<String, Object> over(Map<String, Object> defaults) {
        Map<String, Object> merged = new HashMap<>(defaults);
        merged.putAll(properties);
        return merged;
    }
}
