package io.streamtrain.dashboard.data;

import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.ModelPin;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.registry.ModelsTopicJudge;
import io.streamtrain.registry.ModelsTopicJudge.Verdict;
import io.streamtrain.registry.ModelsTopicKeys;
import io.streamtrain.schemas.AvroMessageCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a {@link PipelineActivity} from Kafka on its own thread: reads {@code <p>.events}, {@code <p>.model-history} and
 * {@code <p>.models} from the beginning and {@code <p>.dlq} from an hour back into a {@link DeadLetterLog}
 * (read-committed, no consumer group, nothing committed), and samples the topics'
 * offsets every refresh interval. An unreadable message is logged and skipped; a failed sample is logged and retried
 * at the next interval. The current version is the one a scorer serves: the records of {@code <p>.models} are judged
 * by the serving policy (a {@link ModelsTopicJudge}), so a replayed version the gate did not promote or a record whose
 * signature does not verify is logged and never shown as current.
 */
public final class PipelineFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineFollower.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);
    /** The header naming the key that signed a model record (ml's SignatureHeaders.KEY_ID). */
    private static final String SIGNING_KEY_HEADER = "streamtrain.signing-key";

    private final PipelineTopics topics;
    private final PipelineActivity activity;
    private final DeadLetterLog deadLetters;
    private final Consumer<String, byte[]> consumer;
    private final Admin admin;
    private final TopicSampler sampler;
    private final Duration refreshInterval;
    private final AvroMessageCodec<PipelineEvent> events = AvroMessageCodec.of(PipelineEvent.class);
    private final AvroMessageCodec<ModelEnvelope> envelopes = AvroMessageCodec.of(ModelEnvelope.class);
    private final AvroMessageCodec<ModelPin> pins = AvroMessageCodec.of(ModelPin.class);
    private final ModelsTopicJudge judge;
    private final Thread thread;
    private volatile boolean stopRequested;
    private volatile boolean failed;

    /**
     * @param clientProperties Kafka client settings that reach the cluster
     * @param verifier         checks the signature of each record of the models topic, as a scorer does
     */
    public PipelineFollower(Map<String, Object> clientProperties, PipelineTopics topics, PipelineActivity activity, DeadLetterLog deadLetters,
                            Duration refreshInterval, ModelVerifier verifier) {
        this.topics = topics;
        this.judge = new ModelsTopicJudge(activity.pipeline(), verifier);
        this.activity = activity;
        this.deadLetters = deadLetters;
        this.refreshInterval = refreshInterval;
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "streamtrain-dashboard-" + activity.pipeline());
        this.consumer = new KafkaConsumer<>(properties);
        Map<String, Object> adminProperties = new HashMap<>(clientProperties);
        adminProperties.put(ConsumerConfig.CLIENT_ID_CONFIG, "streamtrain-dashboard-admin-" + activity.pipeline());
        this.admin = Admin.create(adminProperties);
        this.sampler = new TopicSampler(admin, topics, refreshInterval.multipliedBy(5), Clock.systemUTC());
        this.thread = Thread.ofPlatform().name("streamtrain-dashboard-" + activity.pipeline()).daemon().unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    /** False once the thread has stopped, by request or by failure. */
    public boolean isRunning() {
        return thread.isAlive() && !failed;
    }

    @Override
    public void close() {
        stopRequested = true;
        consumer.wakeup();
        try {
            thread.join(JOIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(5));
    }

    private void run() {
        try {
            List<TopicPartition> followed = partitions(List.of(topics.events(), topics.modelHistory(), topics.models()));
            List<TopicPartition> deadLetterPartitions = partitions(List.of(topics.deadLetters()));
            List<TopicPartition> all = new ArrayList<>(followed);
            all.addAll(deadLetterPartitions);
            consumer.assign(all);
            consumer.seekToBeginning(followed);
            seekBack(deadLetterPartitions);
            long nextSample = 0;
            while (!stopRequested) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    take(record);
                }
                if (System.nanoTime() - nextSample >= 0) {
                    sample();
                    nextSample = System.nanoTime() + refreshInterval.toNanos();
                }
            }
        } catch (WakeupException e) {
            if (!stopRequested) {
                failed = true;
                LOG.error("the dashboard of pipeline {} stopped following its topics unexpectedly", activity.pipeline(), e);
            }
        } catch (RuntimeException e) {
            failed = true;
            LOG.error("the dashboard of pipeline {} cannot follow its topics any more", activity.pipeline(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Starts the dead-letter topic {@link PipelineActivity#RATES_KEPT} back: the page counts the last hour, and a
     * dead-letter topic can hold far more than the dashboard should read at every start.
     */
    private void seekBack(List<TopicPartition> partitions) {
        long from = System.currentTimeMillis() - PipelineActivity.RATES_KEPT.toMillis();
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(partition -> times.put(partition, from));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times, Duration.ofSeconds(30));
        List<TopicPartition> noneSince = new ArrayList<>();
        partitions.forEach(partition -> {
            OffsetAndTimestamp offset = offsets.get(partition);
            if (offset == null) {
                noneSince.add(partition);
            } else {
                consumer.seek(partition, offset.offset());
            }
        });
        consumer.seekToEnd(noneSince);
    }

    private List<TopicPartition> partitions(List<String> names) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : names) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist; create the pipeline's topics first");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        return partitions;
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        if (record.topic().equals(topics.deadLetters())) {
            deadLetters.add(DeadLetterView.of(record.timestamp(), record.partition(), record.offset(), record.headers(), record.value()));
            return;
        }
        if (record.value() == null) {
            return;
        }
        try {
            if (record.topic().equals(topics.events())) {
                activity.onEvent(EventView.of(events.decode(record.value())));
            } else if (record.topic().equals(topics.modelHistory())) {
                Header key = record.headers().lastHeader(SIGNING_KEY_HEADER);
                activity.onHistory(envelopes.decode(record.value()), key == null || key.value() == null ? null
                        : new String(key.value(), StandardCharsets.UTF_8));
            } else if (ModelsTopicKeys.pin(activity.pipeline()).equals(record.key())) {
                ModelPin pin = pins.decode(record.value());
                activity.onPin(pin.getPinned() ? pin.getVersion() : 0);
            } else {
                takeModel(record);
            }
        } catch (RuntimeException e) {
            LOG.warn("the dashboard skips an unreadable message at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.toString());
        }
    }

    private void takeModel(ConsumerRecord<String, byte[]> record) {
        String origin = record.topic() + "-" + record.partition() + "@" + record.offset();
        switch (judge.judge(record.key(), record.value(), record.headers(), record.offset())) {
            case Verdict.Serve serve -> {
                judge.served(serve);
                activity.onChampion(serve.envelope().getVersion());
            }
            case Verdict.Refuse(OptionalLong version, String reason) -> LOG.warn("the dashboard does not show the model {}at {} as "
                    + "current: {}", version.isPresent() ? "version " + version.getAsLong() + " " : "", origin, reason);
            case Verdict.Authorised authorised -> {
                // The rollback's version becomes current when it follows.
            }
            case Verdict.Skip(Optional<String> problem) -> problem.ifPresent(p -> LOG.warn("the dashboard ignores {} at {}", p, origin));
        }
    }

    private void sample() {
        try {
            activity.onTotals(sampler.sample());
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            LOG.warn("the dashboard of pipeline {} could not sample its topics: {}", activity.pipeline(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested = true;
        }
    }
}
