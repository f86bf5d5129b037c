package io.streamtrain.trainer.trial;

import io.streamtrain.core.feature.Extraction;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.core.predictions.PredictionSummary;
import io.streamtrain.schemas.InputRecordDecoder;
import io.streamtrain.schemas.RecordDecodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a trial's evidence: the champion's and challenger's predictions ({@code <p>.predictions} and
 * {@code <p>.shadow-predictions}, either format) and the late labels on {@code <p>.records}, every partition, outside
 * any group, {@code read_committed}, from the trial's start. Reading only committed records from a fixed start makes
 * what it hands over a function of the topics' contents, so a restarted trainer reads the same evidence again.
 *
 * <p>Labels are extracted exactly as the streams-app does with the label required; a record without a usable label,
 * and a prediction that cannot be read, is counted in {@link #unreadable()} and skipped, never fatal. Runs on the
 * trainer's consumer thread; {@link #poll()} never waits.
 */
public final class TrialEvidence implements AutoCloseable {

    /** One piece of evidence, in the order read. */
    public sealed interface Item {
        /** A model's prediction of a record. */
        record Predicted(PredictionSummary prediction) implements Item {
        }

        /** A record's late label. */
        record Labelled(String recordId, Object label) implements Item {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(TrialEvidence.class);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);
    /** Polls per call: with the consumer's default of 500 records a poll, up to 10,000 pieces of evidence. */
    private static final int MAX_POLLS = 20;

    private final Consumer<byte[], byte[]> consumer;
    private final List<String> predictionTopics;
    private final String recordsTopic;
    private final InputRecordDecoder decoder;
    private final FeatureExtractor extractor;
    private long unreadable;

    /**
     * @param consumer           a {@code read_committed} consumer without a group; the evidence reader owns and closes it
     * @param predictionTopics   the predictions and shadow-predictions topics
     * @param recordsTopic       the pipeline's input topic, where late labels arrive
     */
    public TrialEvidence(Consumer<byte[], byte[]> consumer, List<String> predictionTopics, String recordsTopic,
                         InputRecordDecoder decoder, FeatureExtractor extractor) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.predictionTopics = List.copyOf(predictionTopics);
        this.recordsTopic = Objects.requireNonNull(recordsTopic, "recordsTopic");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
    }

    /**
     * Reads from {@code startedAt} on: every partition is positioned at its first record written at or after it (at
     * its end when there is none yet).
     *
     * @throws IllegalStateException when one of the topics does not exist
     */
    public void readFrom(Instant startedAt) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist; create the pipeline's topics first");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(partition -> times.put(partition, startedAt.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times, METADATA_TIMEOUT);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp start = starts.get(partition);
            if (start == null) {
                consumer.seekToEnd(List.of(partition));
            } else {
                consumer.seek(partition, start.offset());
            }
        }
        unreadable = 0;
    }

    /** Stops reading until the next {@link #readFrom}. */
    public void stop() {
        consumer.assign(List.of());
    }

    /**
     * What arrived since the last call, without waiting; at most {@value #MAX_POLLS} polls' worth, so the trainer's
     * loop goes back to its batches in time, and the rest comes with the next call.
     */
    public List<Item> poll() {
        if (consumer.assignment().isEmpty()) {
            return List.of();
        }
        List<Item> items = new ArrayList<>();
        for (int polls = 0; polls < MAX_POLLS; polls++) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ZERO);
            if (records.isEmpty()) {
                break;
            }
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (record.topic().equals(recordsTopic)) {
                    label(record, items);
                } else {
                    prediction(record, items);
                }
            }
        }
        return items;
    }

    /**
     * Where the evidence committed so far ends, per partition read (the last stable offsets, as a {@code read_committed}
     * reader sees them).
     *
     * @throws org.apache.kafka.common.errors.TimeoutException when the cluster does not answer in time
     */
    public Map<TopicPartition, Long> endOffsets() {
        return consumer.endOffsets(consumer.assignment(), METADATA_TIMEOUT);
    }

    /** Whether everything up to {@code ends} ({@link #endOffsets()} taken earlier) has been handed out by {@link #poll()}. */
    public boolean reached(Map<TopicPartition, Long> ends) {
        Set<TopicPartition> assigned = consumer.assignment();
        return ends.entrySet().stream().allMatch(end -> !assigned.contains(end.getKey())
                || consumer.position(end.getKey(), METADATA_TIMEOUT) >= end.getValue());
    }

    /** Predictions and input records skipped since {@link #readFrom} because they could not be read. */
    public long unreadable() {
        return unreadable;
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }

    private List<String> topics() {
        List<String> topics = new ArrayList<>(predictionTopics);
        topics.add(recordsTopic);
        return topics;
    }

    private void prediction(ConsumerRecord<byte[], byte[]> record, List<Item> items) {
        try {
            items.add(new Item.Predicted(PredictionSummary.read(record.value())));
        } catch (SerializationException e) {
            skip(record, e.getMessage());
        }
    }

    private void label(ConsumerRecord<byte[], byte[]> record, List<Item> items) {
        try {
            switch (extractor.extract(decoder.decode(record.value()), record.timestamp(), record.partition(), record.offset(),
                    FeatureExtractor.LabelPolicy.REQUIRED)) {
                case Extraction.Accepted accepted -> items.add(new Item.Labelled(accepted.record().getRecordId(),
                        accepted.record().getLabel()));
                case Extraction.Rejected rejected -> skip(record, rejected.detail());
            }
        } catch (RecordDecodingException e) {
            skip(record, e.getMessage());
        }
    }

    private void skip(ConsumerRecord<byte[], byte[]> record, String why) {
        unreadable++;
        LOG.debug("No trial evidence from {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), why);
    }
}
