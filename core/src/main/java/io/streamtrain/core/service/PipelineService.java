package io.streamtrain.core.service;

import java.time.Duration;

/**
 * A long-running streamtrain service (streams-app, trainer, scorer). {@link #start(Duration)} returns once the
 * service is running; {@link #close()} stops it gracefully, finishing or handing back in-flight work.
 */
public interface PipelineService extends AutoCloseable {

    /** Short name used in logs and events, for example {@code trainer}. */
    String name();

    /** Starts the service and waits, at most {@code timeout}, until it is running. */
    void start(Duration timeout);

    /** True while the service runs and has not failed: its liveness. */
    boolean isHealthy();

    /**
     * True while the service is healthy and can do its work: its readiness. A service that talks to Kafka is not ready
     * once it has not reached Kafka for {@code health.kafka.unreachable.ms} (see {@link KafkaReachability}), and ready
     * again as soon as it does; it stays healthy meanwhile. Never blocks.
     */
    default boolean isReady() {
        return isHealthy();
    }

    /** Stops gracefully; idempotent. */
    @Override
    void close();
}
