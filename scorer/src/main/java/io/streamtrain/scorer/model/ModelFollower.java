package io.streamtrain.scorer.model;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted models topic on its own thread and hands every new envelope to the
 * {@link ModelInstaller}.
 *
 * <p>It assigns every partition of the topic (no consumer group: each scorer instance reads the whole topic)
 * and starts from the beginning, so a restarted scorer finds the current model at once. On start it reads up
 * to the end of the topic and offers only the last current-model record (key: the pipeline name) of each
 * partition: older records there are models that have already been replaced. From then on it offers the last such
 * record of every poll. Other keys on the topic (the pipeline's pin) are skipped.
 *
 * <p>Failure policy: bad envelopes are the installer's business and never stop the follower. An error of the
 * consumer itself (authorization, a deleted topic) ends the follower; {@link #isRunning()} turns false, the
 * last installed model keeps serving, and the owning service reports itself unhealthy.
 */
public final class ModelFollower {

    private static final Logger LOG = LoggerFactory.getLogger(ModelFollower.class);
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration TOPIC_RETRY_PAUSE = Duration.ofSeconds(1);

    private final String topic;
    private final byte[] currentModelKey;
    private final Consumer<byte[], byte[]> consumer;
    private final ModelInstaller installer;
    private final Thread thread;
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    /**
     * @param consumer a consumer without a group, reading {@code read_committed} (models are published in
     *                 transactions); the follower owns it and closes it when it ends
     * @param currentModelKey the key of the pipeline's current model; records with other keys (the pipeline's pin)
     *                        are skipped
     * @param threadName name of the follower thread
     */
    public ModelFollower(String topic, String currentModelKey, Consumer<byte[], byte[]> consumer, ModelInstaller installer,
                         String threadName) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.currentModelKey = currentModelKey.getBytes(StandardCharsets.UTF_8);
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.installer = Objects.requireNonNull(installer, "installer");
        this.thread = Thread.ofPlatform().name(threadName).daemon(false).unstarted(this::run);
    }

    /** Starts following on the follower's thread. */
    public void start() {
        thread.start();
    }

    /**
     * Completes once the topic has been read to its end and its current model offered to the installer;
     * completes exceptionally if the follower fails or stops before that. Each call returns a new future.
     */
    public CompletableFuture<Void> caughtUp() {
        return caughtUp.copy();
    }

    /** True while the follower thread runs. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /**
     * Stops following and waits at most {@code timeout} for the thread to end.
     *
     * @return whether the thread ended in time
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        stopRequested.countDown();
        consumer.wakeup();
        return !thread.isAlive() || thread.join(timeout);
    }

    private void run() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            if (!stopping()) {
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                catchUp(partitions);
                if (!stopping()) {
                    caughtUp.complete(null);
                }
                while (!stopping()) {
                    follow();
                }
            }
        } catch (WakeupException e) {
            if (!stopping()) {
                fail(e);
            }
        } catch (RuntimeException | Error e) {
            fail(e);
        } finally {
            caughtUp.completeExceptionally(new IllegalStateException("model follower of " + topic + " stopped before catching up"));
            consumer.close();
        }
    }

    private List<TopicPartition> awaitPartitions() {
        boolean logged = false;
        while (!stopping()) {
            List<PartitionInfo> infos = partitionsOf(topic);
            if (!infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            if (!logged) {
                LOG.warn("Models topic {} does not exist yet; waiting for it", topic);
                logged = true;
            }
            pause(TOPIC_RETRY_PAUSE);
        }
        return List.of();
    }

    private List<PartitionInfo> partitionsOf(String name) {
        try {
            return consumer.partitionsFor(name, METADATA_TIMEOUT);
        } catch (TimeoutException e) {
            return List.of();
        }
    }

    /** Reads to the end of the topic, keeping only the last record of each partition, then offers those. */
    private void catchUp(List<TopicPartition> partitions) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, ConsumerRecord<byte[], byte[]>> latest = new HashMap<>();
        while (!stopping() && !reached(end)) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                if (isCurrentModel(record)) {
                    latest.put(new TopicPartition(record.topic(), record.partition()), record);
                }
            }
        }
        if (stopping()) {
            return;
        }
        LOG.info("Read models topic {} to its end {}; {}", topic, end,
                latest.isEmpty() ? "it holds no model yet" : "loading its current model");
        latest.values().forEach(installer::offer);
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private void follow() {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> received = records.records(partition).stream()
                    .filter(this::isCurrentModel).toList();
            if (received.isEmpty()) {
                continue;
            }
            if (received.size() > 1) {
                LOG.info("{} new records on {}; only the last is current, the {} before it are skipped",
                        received.size(), partition, received.size() - 1);
            }
            installer.offer(received.getLast());
        }
    }

    private boolean isCurrentModel(ConsumerRecord<byte[], byte[]> record) {
        return Arrays.equals(currentModelKey, record.key());
    }

    private void fail(Throwable e) {
        LOG.error("Model follower of {} failed; the scorer keeps serving its current model but will not see new ones", topic, e);
        caughtUp.completeExceptionally(e);
    }

    private boolean stopping() {
        return stopRequested.getCount() == 0;
    }

    private void pause(Duration duration) {
        try {
            stopRequested.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested.countDown();
        }
    }
}
