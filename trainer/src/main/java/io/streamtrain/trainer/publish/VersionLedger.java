package io.streamtrain.trainer.publish;

import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.registry.ModelHistoryKey;
import io.streamtrain.schemas.AvroMessageCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model versions of one pipeline: versions are 1, 2, 3, ... in publication order, never reused, also
 * across restarts.
 *
 * <p>{@link #read} reads {@code <p>.model-history} to its end with a {@code read_committed} consumer and
 * continues after the highest version found. The version is taken from the record key
 * ({@link ModelHistoryKey}), so envelopes are not decoded; a record with another key is decoded as an envelope,
 * and one that is neither is skipped with a warning. Every history record is still fetched once per start.
 *
 * <p>The ledger is only right while one writer publishes. The trainer guarantees that with its transactional
 * id: read the ledger after the producer's {@code initTransactions()}, which completes or aborts any transaction
 * an earlier instance left open and fences that instance, so no version can be committed behind the reader's back.
 */
public final class VersionLedger {

    private static final Logger LOG = LoggerFactory.getLogger(VersionLedger.class);
    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final String pipeline;
    private long latest;

    /** A ledger of {@code pipeline} whose latest published version is {@code latestVersion} (0: none yet). */
    public VersionLedger(String pipeline, long latestVersion) {
        if (latestVersion < 0) {
            throw new IllegalArgumentException("latestVersion must not be negative, was " + latestVersion);
        }
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.latest = latestVersion;
    }

    /**
     * Reads {@code historyTopic} from its beginning to its end with {@code consumer}, which must be configured
     * with {@code isolation.level=read_committed} and must not be used by anything else meanwhile.
     *
     * @throws IllegalStateException if the topic does not exist or cannot be read to its end within {@code timeout}
     */
    public static VersionLedger read(Consumer<String, byte[]> consumer, String historyTopic, String pipeline,
                                     Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TopicPartition> partitions = partitionsOf(consumer, historyTopic, timeout);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        // Under read_committed these are the last stable offsets: nothing after them can be a committed version.
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        long latest = 0;
        long records = 0;
        while (!reachedEnd(consumer, ends)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("could not read " + historyTopic + " to its end " + ends + " within "
                        + timeout.toMillis() + " ms, so the next model version is unknown");
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_INTERVAL)) {
                latest = Math.max(latest, versionOf(record, pipeline).orElse(0L));
                records++;
            }
        }
        LOG.info("Read {} records of {}: latest model version of pipeline {} is {}", records, historyTopic, pipeline,
                latest);
        return new VersionLedger(pipeline, latest);
    }

    /** The version the next published model gets. */
    public long nextVersion() {
        return latest + 1;
    }

    /** The highest version published so far; 0 if none. */
    public long latestVersion() {
        return latest;
    }

    /**
     * Records that {@code version} was committed to the history.
     *
     * @throws IllegalStateException unless {@code version} is {@link #nextVersion()}: anything else would leave a
     *                               gap or reuse a version
     */
    public void published(long version) {
        if (version != nextVersion()) {
            throw new IllegalStateException("pipeline " + pipeline + " published version " + version
                    + " but the next version is " + nextVersion());
        }
        latest = version;
    }

    private static List<TopicPartition> partitionsOf(Consumer<String, byte[]> consumer, String topic,
                                                     Duration timeout) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, timeout);
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not look up topic " + topic + " within " + timeout.toMillis()
                    + " ms", e);
        }
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist; create the pipeline's topics "
                    + "before starting the trainer");
        }
        return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    }

    private static boolean reachedEnd(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    private static Optional<Long> versionOf(ConsumerRecord<String, byte[]> record, String pipeline) {
        Optional<ModelHistoryKey> key = ModelHistoryKey.parse(record.key());
        if (key.isPresent()) {
            return key.get().pipeline().equals(pipeline) ? Optional.of(key.get().version()) : Optional.empty();
        }
        try {
            ModelEnvelope envelope = ENVELOPES.decode(record.value());
            return envelope.getPipeline().equals(pipeline) ? Optional.of(envelope.getVersion()) : Optional.empty();
        } catch (SerializationException e) {
            LOG.warn("Skipping record {}-{}@{} of the model history: neither its key '{}' nor its value names a "
                    + "model version ({})", record.topic(), record.partition(), record.offset(), record.key(),
                    e.getMessage());
            return Optional.empty();
        }
    }
}
