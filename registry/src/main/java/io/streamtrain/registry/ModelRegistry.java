package io.streamtrain.registry;

import io.streamtrain.core.events.PipelineEvents;
import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.ModelPin;
import io.streamtrain.messages.TrialEnd;
import io.streamtrain.messages.ModelRollback;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.schemas.AvroMessageCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's view of one pipeline's registry: list and show versions from {@code <p>.model-history}, roll back
 * to an earlier version, pin and unpin. Every change is reported on {@code <p>.events} naming the operator.
 *
 * <p>A rollback re-publishes the chosen version's record from the history to {@code <p>.models} unchanged, bytes and
 * signature headers alike, after checking its signature: scorers verify and load it like any model, within their
 * next poll. Just before it, a {@link ModelRollback} naming the version and the operator is written under
 * {@link ModelsTopicKeys#rollback}: scorers serve a version that the gate did not promote, or one older than the one
 * they serve, only behind such a record, so a replayed history record is refused. A pin is a {@link ModelPin} on {@code <p>.models} under {@link ModelsTopicKeys#pin}; the trainer reads
 * it and records new models without promoting them until an unpin.
 *
 * <p>Writes are not coordinated with a running trainer: a model promoted at the same moment as a rollback may win.
 * Pin first, then roll back, when that matters ({@link #pin} with a version does both in that order).
 */
public final class ModelRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);
    private static final AvroMessageCodec<ModelPin> PINS = AvroMessageCodec.of(ModelPin.class);
    private static final AvroMessageCodec<TrialEnd> TRIAL_ENDS = AvroMessageCodec.of(TrialEnd.class);
    private static final AvroMessageCodec<ModelRollback> ROLLBACKS = AvroMessageCodec.of(ModelRollback.class);
    private static final AvroMessageCodec<PipelineEvent> EVENTS = AvroMessageCodec.of(PipelineEvent.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final RegistryClients clients;
    private final PipelineTopics topics;
    private final String pipeline;
    private final ModelVerifier verifier;
    private final PipelineEvents events;
    private final Clock clock;
    private final Duration timeout;
    private final KafkaProducer<byte[], byte[]> producer;

    /**
     * @param clients  the Kafka clients to use
     * @param source   names this tool in events, for example {@code cli} or {@code scorer-1}
     * @param timeout  how long one read or write may take
     */
    public ModelRegistry(RegistryClients clients, PipelineTopics topics, String pipeline, ModelVerifier verifier,
                         String source, Clock clock, Duration timeout) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.events = new PipelineEvents(pipeline, source, clock);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.producer = new KafkaProducer<>(clients.producer());
    }

    /** Every version in the history, oldest first, without model bytes. */
    public List<RegisteredModel> list() {
        List<RegisteredModel> models = new ArrayList<>();
        readHistory(record -> describe(record).ifPresent(models::add));
        models.sort(Comparator.comparingLong(RegisteredModel::version));
        return models;
    }

    /** Version {@code version} from the history, without model bytes. */
    public Optional<RegisteredModel> show(long version) {
        return historyRecord(version).flatMap(this::describe);
    }

    /** The version on {@code <p>.models} now, if any. */
    public OptionalLong currentVersion() {
        return readModelsTopic().current;
    }

    /** The pipeline's pin, if it has ever been pinned (an unpin is a pin record with {@code pinned=false}). */
    public Optional<ModelPin> pin() {
        return Optional.ofNullable(readModelsTopic().pin);
    }

    /**
     * Re-publishes version {@code version} as the current model.
     *
     * @throws RegistryException when the version is not in the history or its signature does not verify
     */
    public void rollback(long version, String operator) {
        republish(verifiedHistoryRecord(version), version, operator);
    }

    /**
     * Pins the pipeline: to {@code version} (rolled back to first if it is not current) or to the current version.
     *
     * @throws RegistryException when there is nothing to pin or the version cannot be rolled back to
     */
    public long pin(OptionalLong version, String operator, String reason) {
        OptionalLong current = currentVersion();
        long pinned = version.isPresent() ? version.getAsLong()
                : current.orElseThrow(() -> new RegistryException("pipeline " + pipeline + " has no current model to pin"));
        if (version.isPresent() && (current.isEmpty() || current.getAsLong() != pinned)) {
            // Checked before anything is written; pinned before the rollback, so no promotion can come in between.
            ConsumerRecord<String, byte[]> record = verifiedHistoryRecord(pinned);
            writePin(true, pinned, operator, reason);
            republish(record, pinned, operator);
        } else {
            writePin(true, pinned, operator, reason);
        }
        Map<String, Object> attributes = operatorAttributes(operator);
        attributes.put("version", pinned);
        attributes.put("reason", reason);
        publishEvent(EventType.MODEL_PINNED, operator + " pinned pipeline " + pipeline + " to version " + pinned, attributes);
        return pinned;
    }

    /**
     * Asks the trainer to end the trial of challenger {@code version} now, promoting or dropping it with the evidence so
     * far: a {@link TrialEnd} under {@link ModelsTopicKeys#trialEnd}. The trainer, which decides trials, carries it out
     * and publishes the decision (a {@code TRIAL_DECIDED} event naming {@code operator}); a record naming another version
     * than the challenger on trial changes nothing.
     */
    public void endTrial(long version, boolean promote, String operator, String reason) {
        TrialEnd end = new TrialEnd(pipeline, version, promote, operator, reason, clock.instant());
        send(new ProducerRecord<>(topics.models(), key(ModelsTopicKeys.trialEnd(pipeline)), TRIAL_ENDS.encode(end)));
        LOG.info("{} asked to end the trial of version {} of pipeline {} by {} it", operator, version, pipeline,
                promote ? "promoting" : "dropping");
    }

    /** Lifts the pin: the trainer promotes new models again (through the gate). */
    public void unpin(String operator, String reason) {
        writePin(false, 0, operator, reason);
        Map<String, Object> attributes = operatorAttributes(operator);
        attributes.put("reason", reason);
        publishEvent(EventType.MODEL_UNPINNED, operator + " unpinned pipeline " + pipeline, attributes);
    }

    @Override
    public void close() {
        producer.close(timeout);
    }

    private ConsumerRecord<String, byte[]> verifiedHistoryRecord(long version) {
        ConsumerRecord<String, byte[]> record = historyRecord(version)
                .orElseThrow(() -> new RegistryException("version " + version + " of pipeline " + pipeline
                        + " is not in " + topics.modelHistory()));
        try {
            verifier.verify(record.value(), record.headers());
        } catch (ModelRejectedException e) {
            throw new RegistryException("version " + version + " cannot be rolled back to: " + e.getMessage(), e);
        }
        return record;
    }

    private void republish(ConsumerRecord<String, byte[]> record, long version, String operator) {
        OptionalLong previous = currentVersion();
        // The authorisation goes first: a scorer that sees the model sees the record that allows it.
        ModelRollback rollback = new ModelRollback(pipeline, version, previous.isPresent() ? previous.getAsLong() : null,
                operator, "", clock.instant());
        send(new ProducerRecord<>(topics.models(), key(ModelsTopicKeys.rollback(pipeline)), ROLLBACKS.encode(rollback)));
        send(new ProducerRecord<>(topics.models(), null, key(ModelsTopicKeys.currentModel(pipeline)), record.value(),
                record.headers()));
        Map<String, Object> attributes = operatorAttributes(operator);
        attributes.put("version", version);
        attributes.put("previousVersion", previous.isPresent() ? previous.getAsLong() : "none");
        publishEvent(EventType.MODEL_ROLLED_BACK, operator + " rolled pipeline " + pipeline + " back to version " + version
                + previous.stream().mapToObj(v -> " (from version " + v + ")").findFirst().orElse(""), attributes);
        LOG.info("{} rolled pipeline {} back to version {}", operator, pipeline, version);
    }

    private void writePin(boolean pinned, long version, String operator, String reason) {
        ModelPin pin = new ModelPin(pipeline, pinned, version, operator, reason, clock.instant());
        send(new ProducerRecord<>(topics.models(), key(ModelsTopicKeys.pin(pipeline)), PINS.encode(pin)));
    }

    private Map<String, Object> operatorAttributes(String operator) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("operator", operator);
        return attributes;
    }

    private void publishEvent(EventType type, String message, Map<String, Object> attributes) {
        send(new ProducerRecord<>(topics.events(), key(pipeline), EVENTS.encode(events.event(type, message, attributes))));
    }

    private void send(ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new RegistryException("could not write to " + record.topic() + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new RegistryException("writing to " + record.topic() + " took longer than " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while writing to " + record.topic(), e);
        }
    }

    private Optional<RegisteredModel> describe(ConsumerRecord<String, byte[]> record) {
        ModelEnvelope envelope;
        try {
            envelope = ENVELOPES.decode(record.value());
        } catch (SerializationException e) {
            LOG.warn("Skipping an unreadable record of {} at offset {}: {}", record.topic(), record.offset(), e.getMessage());
            return Optional.empty();
        }
        if (!pipeline.equals(envelope.getPipeline())) {
            return Optional.empty();
        }
        String signature = "";
        try {
            verifier.verify(record.value(), record.headers());
        } catch (ModelRejectedException e) {
            signature = e.getMessage();
        }
        int size = envelope.getModelBytes().remaining();
        ModelEnvelope withoutBytes = ModelEnvelope.newBuilder(envelope).setModelBytes(ByteBuffer.allocate(0)).build();
        return Optional.of(new RegisteredModel(withoutBytes, size, signature));
    }

    /**
     * Version {@code version}'s record in the history as stored, its signature not yet verified: a reader that serves
     * it must verify it first (the scorer does, exactly as for the models topic).
     */
    public Optional<ConsumerRecord<String, byte[]>> historyRecord(long version) {
        String wanted = new ModelHistoryKey(pipeline, version).toString();
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>(1);
        readHistory(record -> {
            if (wanted.equals(record.key())) {
                found.clear();
                found.add(record);
            }
        });
        return found.stream().findFirst();
    }

    private void readHistory(Consumer<ConsumerRecord<String, byte[]>> each) {
        readToEnd(topics.modelHistory(), record -> {
            if (record.value() != null) {
                each.accept(record);
            }
        });
    }

    private ModelsTopicState readModelsTopic() {
        ModelsTopicState state = new ModelsTopicState();
        readToEnd(topics.models(), record -> {
            if (record.value() == null) {
                return;
            }
            try {
                if (ModelsTopicKeys.pin(pipeline).equals(record.key())) {
                    state.pin = PINS.decode(record.value());
                } else if (ModelsTopicKeys.currentModel(pipeline).equals(record.key())) {
                    state.current = OptionalLong.of(ENVELOPES.decode(record.value()).getVersion());
                }
            } catch (SerializationException e) {
                LOG.warn("Skipping an unreadable record of {} at offset {}: {}", record.topic(), record.offset(), e.getMessage());
            }
        });
        return state;
    }

    private void readToEnd(String topic, Consumer<ConsumerRecord<String, byte[]>> each) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(clients.consumer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new RegistryException("topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
                if (System.nanoTime() - deadline > 0) {
                    throw new RegistryException("could not read " + topic + " to its end within " + timeout.toMillis() + " ms");
                }
                consumer.poll(POLL).forEach(each);
            }
        } catch (KafkaException e) {
            throw new RegistryException("could not read " + topic + ": " + e.getMessage(), e);
        }
    }

    private static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static final class ModelsTopicState {
        private OptionalLong current = OptionalLong.empty();
        private ModelPin pin;
    }
}
