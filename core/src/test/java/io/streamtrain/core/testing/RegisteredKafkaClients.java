package io.streamtrain.core.testing;

import java.lang.management.ManagementFactory;
import java.util.List;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The Kafka clients open in this JVM, as Kafka registers them (an {@code app-info} MBean per producer, consumer and Admin
 * client, removed when the client is closed): what a test of a failed start reads to see that nothing was left open.
 */
public final class RegisteredKafkaClients {

    private RegisteredKafkaClients() {
    }

    /** The client ids of the open Kafka clients whose id names {@code pipeline} (contains {@code <pipeline>-}). */
    public static List<String> of(String pipeline) {
        try {
            return ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("kafka.*:type=app-info,*"), null).stream()
                    .map(bean -> bean.getKeyProperty("id")).filter(id -> id != null && id.contains(pipeline + "-")).toList();
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
