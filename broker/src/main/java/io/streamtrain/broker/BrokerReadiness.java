package io.streamtrain.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Waits until a broker answers clients the way a user's first client will ask it: an Admin {@code describeCluster}. */
final class BrokerReadiness {

    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    private static final long RETRY_PAUSE_MS = 100;

    private BrokerReadiness() {
    }

    /**
     * Returns once the broker at {@code bootstrapServers} lists at least one node.
     *
     * @param security client settings that log in to the broker (empty for PLAINTEXT)
     * @param fault   a fault the broker reported meanwhile, which ends the wait at once
     * @param timeout how long to wait in all
     * @throws IllegalStateException if the broker faulted or did not answer in time
     */
    static void await(String bootstrapServers, Map<String, Object> security,
                      Supplier<Optional<? extends Throwable>> fault, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable lastError = null;
        Map<String, Object> config = new HashMap<>(security);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ATTEMPT_TIMEOUT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ATTEMPT_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(config)) {
            while (System.nanoTime() < deadline) {
                Optional<? extends Throwable> failure = fault.get();
                if (failure.isPresent()) {
                    throw new IllegalStateException("Kafka broker at " + bootstrapServers + " failed while starting",
                            failure.get());
                }
                try {
                    Collection<Node> nodes = admin.describeCluster().nodes()
                            .get(ATTEMPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    lastError = e;
                }
                Thread.sleep(RETRY_PAUSE_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker to start", e);
        }
        throw new IllegalStateException("Kafka broker at " + bootstrapServers
                + " did not answer describeCluster within " + timeout.toSeconds() + " s", lastError);
    }
}
