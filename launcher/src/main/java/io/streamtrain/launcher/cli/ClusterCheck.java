package io.streamtrain.launcher.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;

/**
 * Asks the cluster a command is pointed at for its id before the command starts, so a wrong address fails within
 * {@link #TIMEOUT} with a sentence naming it, instead of Kafka's clients retrying for a minute.
 */
final class ClusterCheck {

    /** How long a command waits for the cluster to answer before giving up. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ClusterCheck() {
    }

    /**
     * @param clientProperties Kafka client properties, including {@code bootstrap.servers}
     * @throws ClusterUnreachableException naming the address when no broker answers within {@link #TIMEOUT}
     */
    static void requireReachable(Map<String, Object> clientProperties) {
        requireReachable(clientProperties, TIMEOUT);
    }

    static void requireReachable(Map<String, Object> clientProperties, Duration timeout) {
        Object address = clientProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        Map<String, Object> properties = new HashMap<>(clientProperties);
        int millis = (int) timeout.toMillis();
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        Admin admin;
        try {
            admin = Admin.create(properties);
        } catch (KafkaException e) {
            throw unreachable(address, timeout, e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        }
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis)).clusterId().get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unreachable(address, timeout, e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw unreachable(address, timeout, "no answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(address, timeout, "interrupted");
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    private static ClusterUnreachableException unreachable(Object address, Duration timeout, String why) {
        return new ClusterUnreachableException("cannot reach the Kafka cluster at " + address + " within " + timeout.toSeconds()
                + " s (" + why + "); check --bootstrap-server (or kafka.bootstrap.servers) and that the cluster runs");
    }
}
