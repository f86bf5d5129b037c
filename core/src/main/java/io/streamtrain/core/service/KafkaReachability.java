package io.streamtrain.core.service;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a service has reached Kafka lately, for its readiness: a thread of its own asks the cluster for its
 * description every {@link #probeInterval}, and {@link #reachable()} is false once no answer has come for longer than
 * the bound. Kafka clients retry on their own and never tell their owner that the cluster is gone, so without this a
 * service cut off from Kafka keeps reporting itself ready.
 *
 * <p>The probe uses an Admin client of the service's own settings, so it crosses the same network, listener and
 * credentials as the service's clients. Losing and regaining Kafka is logged once each way.
 */
public final class KafkaReachability implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaReachability.class);
    private static final Duration LONGEST_PROBE_INTERVAL = Duration.ofSeconds(5);
    private static final Duration ADMIN_CLOSE_TIMEOUT = Duration.ofSeconds(1);
    /** See {@link #closeTimeout}. */
    public static final long UNREACHABLE_CLOSE_WAIT_MS = 2_000;

    private final String service;
    private final Duration bound;
    private final Duration probeInterval;
    private final Admin admin;
    private final LongSupplier nanoTime;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile long lastReachedNanos;
    private boolean reportedLost;

    /**
     * Starts probing at once; the service counts as reachable for {@code bound} from now.
     *
     * @param service    names the service in logs and in the Admin client's id
     * @param kafka      the service's Kafka client settings, {@code bootstrap.servers} included
     * @param bound      how long without an answer makes the service not ready
     */
    public static KafkaReachability start(String service, Map<String, Object> kafka, Duration bound) {
        KafkaReachability reachability = new KafkaReachability(service, kafka, bound, System::nanoTime);
        reachability.thread.start();
        return reachability;
    }

    KafkaReachability(String service, Map<String, Object> kafka, Duration bound, LongSupplier nanoTime) {
        this.service = Objects.requireNonNull(service, "service");
        this.bound = Objects.requireNonNull(bound, "bound");
        this.probeInterval = probeInterval(bound);
        this.nanoTime = nanoTime;
        this.admin = Admin.create(adminSettings(service, kafka, probeInterval));
        this.lastReachedNanos = nanoTime.getAsLong();
        this.thread = Thread.ofPlatform().name("streamtrain-" + service + "-kafka-probe").daemon(true).unstarted(this::run);
    }

    /** A third of the bound, at most 5 s: the bound then always spans several probes. */
    static Duration probeInterval(Duration bound) {
        Duration third = bound.dividedBy(3);
        return third.compareTo(LONGEST_PROBE_INTERVAL) > 0 ? LONGEST_PROBE_INTERVAL : third;
    }

    /** False once Kafka has not answered for longer than the bound. Never blocks. */
    public boolean reachable() {
        return nanoTime.getAsLong() - lastReachedNanos <= bound.toNanos();
    }

    /**
     * How long a closing service should wait for work that needs Kafka (a transaction to commit, records to flush):
     * {@code configured} while Kafka is reachable; once it has been away past the bound, at most
     * {@value #UNREACHABLE_CLOSE_WAIT_MS} ms, since such work cannot finish and would only hold up the shutdown.
     */
    public Duration closeTimeout(Duration configured) {
        Duration shortWait = Duration.ofMillis(UNREACHABLE_CLOSE_WAIT_MS);
        return reachable() || configured.compareTo(shortWait) <= 0 ? configured : shortWait;
    }

    /** Stops probing and closes the Admin client, within about two seconds. Idempotent. */
    @Override
    public void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        stopped.countDown();
        // A probe in progress waits for the cluster's answer; the interrupt ends that wait at once.
        thread.interrupt();
        try {
            if (thread.isAlive()) {
                thread.join(ADMIN_CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(ADMIN_CLOSE_TIMEOUT);
    }

    /** One probe; true if the cluster answered within the probe interval. */
    boolean probe() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) probeInterval.toMillis()))
                    .clusterId().get(probeInterval.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void run() {
        try {
            do {
                if (probe()) {
                    lastReachedNanos = nanoTime.getAsLong();
                    if (reportedLost) {
                        LOG.info("{} reaches Kafka again", service);
                        reportedLost = false;
                    }
                } else if (!reachable() && !reportedLost) {
                    LOG.warn("{} has not reached Kafka for more than {} ms: it reports itself not ready until it does",
                            service, bound.toMillis());
                    reportedLost = true;
                }
            } while (!stopped.await(probeInterval.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The service's settings that an Admin client knows (others would make it warn), with the probe's timeouts. */
    private static Map<String, Object> adminSettings(String service, Map<String, Object> kafka, Duration probeInterval) {
        Map<String, Object> settings = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key) || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                settings.put(key, value);
            }
        });
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "streamtrain-" + service + "-kafka-probe");
        int timeoutMs = (int) probeInterval.toMillis();
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        return settings;
    }
}
