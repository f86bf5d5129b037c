package io.streamtrain.launcher.runtime;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The settings of a consumer that only looks at a pipeline's topics from the side (a command reading the champion or
 * counting dead letters, the demo's watcher): it joins no group, so it takes no partitions from a service and commits
 * nothing, and reads only committed records, as the services' own readers do.
 */
public final class ObserverConsumer {

    private ObserverConsumer() {
    }

    /** {@code clientProperties} without a group id, with {@code read_committed} and no auto-commit; a new, mutable map. */
    public static Map<String, Object> settings(Map<String, Object> clientProperties) {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return properties;
    }
}
