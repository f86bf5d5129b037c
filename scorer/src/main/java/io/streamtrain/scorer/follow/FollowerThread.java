package io.streamtrain.scorer.follow;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread of a scorer part that follows topics with a consumer of its own, outside any group: it runs the part's
 * reading until a stop is requested, lets a stop cut short a blocked poll ({@link KafkaConsumer#wakeup()}) or a pause,
 * waits for a topic that does not exist yet, and closes the consumer when it ends.
 *
 * <p>Failure policy: a wakeup that a stop asked for ends the thread quietly; any other error of the reading (an
 * unexpected wakeup, authorization, a deleted topic) is handed to the part's failure handler once and ends the thread,
 * so {@link #isRunning()} turns false.
 */
public final class FollowerThread {

    private static final Logger LOG = LoggerFactory.getLogger(FollowerThread.class);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration TOPIC_RETRY_PAUSE = Duration.ofSeconds(1);

    private final org.apache.kafka.clients.consumer.Consumer<?, ?> consumer;
    private final Runnable reading;
    private final Consumer<Throwable> failed;
    private final Thread thread;
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    /**
     * @param consumer   the part's consumer; the thread owns it and closes it when it ends
     * @param reading    reads until {@link #stopping()}; runs on the thread
     * @param failed     told of an error that ended {@code reading}, on the thread
     * @param threadName name of the thread
     */
    public FollowerThread(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, Runnable reading, Consumer<Throwable> failed,
                          String threadName) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.reading = Objects.requireNonNull(reading, "reading");
        this.failed = Objects.requireNonNull(failed, "failed");
        this.thread = Thread.ofPlatform().name(threadName).daemon(false).unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    /** True while the thread runs. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /**
     * Stops reading and waits at most {@code timeout} for the thread to end.
     *
     * @return whether the thread ended in time
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        stopRequested.countDown();
        consumer.wakeup();
        return !thread.isAlive() || thread.join(timeout);
    }

    /** True once a stop was requested: the reading returns as soon as it sees this. */
    public boolean stopping() {
        return stopRequested.getCount() == 0;
    }

    /**
     * The partitions of {@code topic}, once it exists: asks again every second, warning once that it waits; empty if
     * a stop comes first.
     */
    public List<TopicPartition> awaitPartitions(String topic) {
        boolean logged = false;
        while (!stopping()) {
            List<TopicPartition> partitions = partitionsOf(topic);
            if (!partitions.isEmpty()) {
                return partitions;
            }
            if (!logged) {
                LOG.warn("Topic {} does not exist yet; waiting for it", topic);
                logged = true;
            }
            pause(TOPIC_RETRY_PAUSE);
        }
        return List.of();
    }

    /** The partitions of {@code topic}; empty if it does not exist or the broker did not answer in time. */
    public List<TopicPartition> partitionsOf(String topic) {
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            return infos == null ? List.of() : infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        } catch (TimeoutException e) {
            return List.of();
        }
    }

    private void run() {
        try {
            reading.run();
        } catch (WakeupException e) {
            if (!stopping()) {
                failed.accept(e);
            }
        } catch (RuntimeException | Error e) {
            failed.accept(e);
        } finally {
            consumer.close();
        }
    }

    /** Waits {@code duration}, or less if a stop is requested meanwhile. */
    private void pause(Duration duration) {
        try {
            stopRequested.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested.countDown();
        }
    }
}
