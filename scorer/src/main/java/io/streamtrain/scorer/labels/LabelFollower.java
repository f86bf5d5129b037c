package io.streamtrain.scorer.labels;

import io.streamtrain.core.feature.Extraction;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.schemas.InputRecordDecoder;
import io.streamtrain.schemas.RecordDecodingException;
import io.streamtrain.scorer.follow.FollowerThread;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads late labels from the pipeline's input topic, {@code <p>.records}: the labelled records the pipeline
 * trains on are also the ground truth for earlier predictions of the same record id. Every partition is assigned
 * (no consumer group: each scorer instance joins labels with its own predictions) from its end at start, since
 * only predictions made since then are remembered.
 *
 * <p>Each record is decoded and extracted exactly as the streams-app does with the label required; the record
 * id and label of a valid one go to {@code labelled}. An invalid record (which the streams-app dead-letters with
 * the reason) is counted and skipped here, never fatal.
 */
public final class LabelFollower {

    private static final Logger LOG = LoggerFactory.getLogger(LabelFollower.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    private final String topic;
    private final Consumer<byte[], byte[]> consumer;
    private final InputRecordDecoder decoder;
    private final FeatureExtractor extractor;
    private final BiConsumer<String, Object> labelled;
    private final FollowerThread thread;
    private volatile long unreadable;

    /**
     * @param consumer takes ownership: closed when the follower stops
     * @param labelled receives the record id and label of every valid labelled record
     */
    public LabelFollower(String topic, Consumer<byte[], byte[]> consumer, InputRecordDecoder decoder, FeatureExtractor extractor,
                         BiConsumer<String, Object> labelled, String threadName) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.labelled = Objects.requireNonNull(labelled, "labelled");
        this.thread = new FollowerThread(consumer, this::run, this::fail, threadName);
    }

    public void start() {
        thread.start();
    }

    public boolean isRunning() {
        return thread.isRunning();
    }

    /** Input records skipped because they are invalid (the streams-app dead-letters them). */
    public long unreadable() {
        return unreadable;
    }

    /** Stops reading and waits at most {@code timeout}; true if the thread ended in time. */
    public boolean stop(Duration timeout) throws InterruptedException {
        return thread.stop(timeout);
    }

    private void run() {
        List<TopicPartition> partitions = thread.awaitPartitions(topic);
        if (!thread.stopping()) {
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            LOG.info("Reading late labels from {}", topic);
        }
        while (!thread.stopping()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                read(record);
            }
        }
    }

    private void fail(Throwable e) {
        if (e instanceof WakeupException) {
            LOG.error("Late-label reader of {} was woken up unexpectedly; live quality is no longer measured", topic, e);
        } else {
            LOG.error("Late-label reader of {} failed; scoring goes on but live quality is no longer measured", topic, e);
        }
    }

    private void read(ConsumerRecord<byte[], byte[]> record) {
        Extraction extraction;
        try {
            extraction = extractor.extract(decoder.decode(record.value()), record.timestamp(), record.partition(), record.offset(),
                    FeatureExtractor.LabelPolicy.REQUIRED);
        } catch (RecordDecodingException e) {
            skip(record, e.getMessage());
            return;
        }
        switch (extraction) {
            case Extraction.Accepted accepted -> labelled.accept(accepted.record().getRecordId(), accepted.record().getLabel());
            case Extraction.Rejected rejected -> skip(record, rejected.detail());
        }
    }

    private void skip(ConsumerRecord<byte[], byte[]> record, String why) {
        unreadable++;
        LOG.debug("No label from {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), why);
    }
}
