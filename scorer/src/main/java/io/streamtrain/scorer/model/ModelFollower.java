package io.streamtrain.scorer.model;

import io.streamtrain.registry.ModelsTopicKeys;
import io.streamtrain.scorer.follow.FollowerThread;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted models topic on its own thread and hands its records to the {@link ModelInstaller}.
 *
 * <p>It assigns every partition of the topic (no consumer group: each scorer instance reads the whole topic)
 * and starts from the beginning, so a restarted scorer finds the current model at once. On start it reads up
 * to the end of the topic and hands every current-model record (key: the pipeline name) and rollback record
 * ({@link ModelsTopicKeys#rollback}) to the installer in order, which then serves the newest version it may; when
 * nothing there can be served it reads the model history for one. From then on it hands over each poll's rollback and
 * current-model records the same way, in order, and the installer serves the newest one allowed. The challenger on
 * trial ({@link ModelsTopicKeys#trial}) goes to the {@link TrialInstaller} once the champion of its poll is served: at
 * start the last such record, then each in order. Other keys on the topic (the pipeline's pin) are skipped.
 *
 * <p>Failure policy: bad envelopes are the installer's business and never stop the follower. An error of the
 * consumer itself (authorization, a deleted topic) ends the follower; {@link #isRunning()} turns false, the
 * last installed model keeps serving, and the owning service reports itself unhealthy.
 */
public final class ModelFollower {

    private static final Logger LOG = LoggerFactory.getLogger(ModelFollower.class);
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);

    private final String topic;
    private final String historyTopic;
    private final String historyKeyPrefix;
    private final byte[] currentModelKey;
    private final byte[] rollbackKey;
    private final byte[] trialKey;
    private final Consumer<byte[], byte[]> consumer;
    private final ModelInstaller installer;
    private final TrialInstaller trials;
    private final FollowerThread thread;
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();

    /**
     * @param topic        the pipeline's models topic
     * @param historyTopic the pipeline's model history, read at start when nothing on the models topic can be served
     * @param pipeline     the pipeline; its keys on the models topic are those of {@link ModelsTopicKeys}
     * @param consumer     a consumer without a group, reading {@code read_committed} (models are published in
     *                     transactions); the follower owns it and closes it when it ends
     * @param threadName   name of the follower thread
     */
    public ModelFollower(String topic, String historyTopic, String pipeline, Consumer<byte[], byte[]> consumer,
                         ModelInstaller installer, TrialInstaller trials, String threadName) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.historyTopic = Objects.requireNonNull(historyTopic, "historyTopic");
        this.historyKeyPrefix = pipeline + ":";
        this.currentModelKey = ModelsTopicKeys.currentModel(pipeline).getBytes(StandardCharsets.UTF_8);
        this.rollbackKey = ModelsTopicKeys.rollback(pipeline).getBytes(StandardCharsets.UTF_8);
        this.trialKey = ModelsTopicKeys.trial(pipeline).getBytes(StandardCharsets.UTF_8);
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.installer = Objects.requireNonNull(installer, "installer");
        this.trials = Objects.requireNonNull(trials, "trials");
        this.thread = new FollowerThread(consumer, this::run, this::fail, threadName);
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
        return thread.isRunning();
    }

    /**
     * Stops following and waits at most {@code timeout} for the thread to end.
     *
     * @return whether the thread ended in time
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        boolean ended = thread.stop(timeout);
        // A follower that failed has completed caughtUp with its error already; this settles a stopped one.
        caughtUp.completeExceptionally(new IllegalStateException("model follower of " + topic + " stopped before catching up"));
        return ended;
    }

    private void run() {
        List<TopicPartition> partitions = thread.awaitPartitions(topic);
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
    }

    /**
     * Reads the models topic to its end, handing each record to the installer's start-up screening, then serves the
     * newest version allowed; falls back to the model history when there is none.
     */
    private void catchUp(List<TopicPartition> partitions) {
        List<ConsumerRecord<byte[], byte[]>> lastTrial = new ArrayList<>(1);
        readToEnd(partitions, record -> {
            if (isRollback(record)) {
                installer.authorise(record);
            } else if (isCurrentModel(record)) {
                installer.screen(record);
            } else if (isTrial(record)) {
                lastTrial.clear();
                lastTrial.add(record);
            }
        });
        if (stopping()) {
            return;
        }
        boolean installed = installer.installScreened();
        // The trial names its champion, so it is offered once the champion is served.
        lastTrial.forEach(trials::offer);
        if (installed) {
            LOG.info("Read models topic {} to its end; serving its newest servable model", topic);
            return;
        }
        LOG.info("Models topic {} holds no model this scorer may serve; looking in {}", topic, historyTopic);
        Map<TopicPartition, Long> positions = new HashMap<>();
        partitions.forEach(p -> positions.put(p, consumer.position(p)));
        long lastModelsOffset = positions.values().stream().mapToLong(Long::longValue).max().orElse(0L) - 1;
        List<TopicPartition> history = thread.partitionsOf(historyTopic);
        if (!history.isEmpty()) {
            consumer.assign(history);
            consumer.seekToBeginning(history);
            readToEnd(history, record -> {
                if (record.key() != null && new String(record.key(), StandardCharsets.UTF_8).startsWith(historyKeyPrefix)) {
                    installer.screenHistory(record);
                }
            });
            consumer.assign(partitions);
            positions.forEach(consumer::seek);
        } else {
            LOG.warn("Model history {} does not exist; the scorer waits for a model on {}", historyTopic, topic);
        }
        if (!stopping() && !installer.installFromHistory(lastModelsOffset)) {
            LOG.info("Neither {} nor {} holds a model this scorer may serve; waiting for one", topic, historyTopic);
        }
    }

    private void readToEnd(List<TopicPartition> partitions, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (!stopping() && !reached(end)) {
            consumer.poll(POLL_TIMEOUT).forEach(each);
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private void follow() {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> received = records.records(partition);
            long models = received.stream().filter(this::isCurrentModel).count();
            if (models > 1) {
                LOG.info("{} new models on {}; the newest the serving policy allows is loaded, the others are not", models, partition);
            }
            // In order: a rollback record before the model it allows is read before that model is judged, and a refused
            // record after an allowed one does not hide it.
            List<ConsumerRecord<byte[], byte[]>> trialRecords = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : received) {
                if (isRollback(record)) {
                    installer.authorise(record);
                } else if (isCurrentModel(record)) {
                    installer.screen(record);
                } else if (isTrial(record)) {
                    trialRecords.add(record);
                }
            }
            installer.installScreened();
            // A trial names its champion, so it is offered once the champion of this poll is served.
            trialRecords.forEach(trials::offer);
        }
    }

    private boolean isCurrentModel(ConsumerRecord<byte[], byte[]> record) {
        return Arrays.equals(currentModelKey, record.key());
    }

    private boolean isRollback(ConsumerRecord<byte[], byte[]> record) {
        return Arrays.equals(rollbackKey, record.key());
    }

    private boolean isTrial(ConsumerRecord<byte[], byte[]> record) {
        return Arrays.equals(trialKey, record.key());
    }

    private void fail(Throwable e) {
        LOG.error("Model follower of {} failed; the scorer keeps serving its current model but will not see new ones", topic, e);
        caughtUp.completeExceptionally(e);
    }

    private boolean stopping() {
        return thread.stopping();
    }
}
