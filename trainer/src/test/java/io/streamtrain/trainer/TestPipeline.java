package io.streamtrain.trainer;

import io.streamtrain.broker.TopicProvisioner;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.messages.BatchMessage;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.ml.trust.Ed25519Keys;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.ml.trust.TrustConfig;
import io.streamtrain.registry.ModelRegistry;
import io.streamtrain.registry.RegistryClients;
import io.streamtrain.schemas.AvroMessageCodec;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One pipeline on a test broker: its topics, a producer that writes batch messages transactionally as the
 * streams-app does, and readers of what the trainer published.
 */
final class TestPipeline implements AutoCloseable {

    static final AvroMessageCodec<BatchMessage> BATCHES = AvroMessageCodec.of(BatchMessage.class);
    static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);
    static final AvroMessageCodec<PipelineEvent> EVENTS = AvroMessageCodec.of(PipelineEvent.class);

    /** Quick polls and a short shutdown keep the tests fast; the rest are the production defaults. */
    static final Map<String, String> FAST_TRAINER = Map.of(
            TrainerConfig.POLL_TIMEOUT_MS_CONFIG, "50",
            TrainerConfig.SHUTDOWN_TIMEOUT_MS_CONFIG, "2000");

    /** The pair every trainer of the tests signs with. */
    static final KeyPair KEYS = Ed25519Keys.generate();

    private final String bootstrapServers;
    private final String name;
    private final PipelineTopics topics;
    private final Admin admin;
    private final KafkaProducer<String, byte[]> streamsLikeProducer;
    private final Map<String, String> pipelineOverrides;

    TestPipeline(String bootstrapServers, String name) {
        this(bootstrapServers, name, Map.of());
    }

    /** A pipeline whose configuration has {@code pipelineOverrides} over the tests' settings. */
    TestPipeline(String bootstrapServers, String name, Map<String, String> pipelineOverrides) {
        this.bootstrapServers = bootstrapServers;
        this.name = name;
        this.pipelineOverrides = Map.copyOf(pipelineOverrides);
        this.topics = PipelineTopics.defaultsFor(name);
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        new TopicProvisioner(admin).ensureTopics(topics.specs(1));
        this.streamsLikeProducer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, name + "-streams-" + UUID.randomUUID(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        streamsLikeProducer.initTransactions();
    }

    String name() {
        return name;
    }

    PipelineTopics topics() {
        return topics;
    }

    PipelineConfig pipelineConfig() {
        return new PipelineConfig(pipelineSettings());
    }

    /** The settings of {@link #pipelineConfig()}, for a trainer in another JVM. */
    Map<String, String> pipelineSettings() {
        Map<String, String> settings = new HashMap<>(TrustConfig.inline(KEYS));
        settings.put(PipelineConfig.PIPELINE_NAME_CONFIG, name);
        settings.put(PipelineConfig.TRAIN_MIN_RECORDS_CONFIG, "10");
        settings.put("kafka.bootstrap.servers", bootstrapServers);
        settings.putAll(pipelineOverrides);
        return settings;
    }

    /** A trainer of this pipeline with {@link #FAST_TRAINER} settings plus {@code overrides}. */
    TrainerService trainer(ModelTrainer trainer, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(FAST_TRAINER);
        settings.putAll(overrides);
        return new TrainerService(new TrainerConfig(PipelineDefinition.of(pipelineConfig()).with(settings)), trainer, Clock.systemUTC());
    }

    TrainerService startedTrainer(ModelTrainer trainer) {
        TrainerService service = trainer(trainer, Map.of());
        service.start(Duration.ofSeconds(30));
        return service;
    }

    /** Writes {@code messages}, keyed by batch id, in one transaction, as Kafka Streams would. */
    void produce(List<BatchMessage> messages) {
        streamsLikeProducer.beginTransaction();
        messages.forEach(m -> streamsLikeProducer.send(
                new ProducerRecord<>(topics.batches(), m.getBatchId(), BATCHES.encode(m))));
        streamsLikeProducer.commitTransaction();
    }

    /** Writes raw bytes to the batches topic in a transaction of its own. */
    void produceRaw(String key, byte[] value) {
        streamsLikeProducer.beginTransaction();
        streamsLikeProducer.send(new ProducerRecord<>(topics.batches(), key, value));
        streamsLikeProducer.commitTransaction();
    }

    /** The committed envelopes on the model history, in offset order. */
    List<ModelEnvelope> history() {
        return read(topics.modelHistory(), "read_committed").stream().map(r -> ENVELOPES.decode(r.value())).toList();
    }

    List<String> historyKeys() {
        return read(topics.modelHistory(), "read_committed").stream().map(ConsumerRecord::key).toList();
    }

    List<Long> historyVersions() {
        return history().stream().map(ModelEnvelope::getVersion).toList();
    }

    /** Every committed envelope on the models topic, in offset order (compaction has not run in a test); pins are left out. */
    List<ModelEnvelope> models() {
        return modelRecords().stream().map(r -> ENVELOPES.decode(r.value())).toList();
    }

    /** The committed current-model records of the models topic, with their signature headers. */
    List<ConsumerRecord<String, byte[]>> modelRecords() {
        return read(topics.models(), "read_committed").stream().filter(r -> name.equals(r.key())).toList();
    }

    /** The operator's registry of this pipeline, trusting {@link #KEYS}. */
    ModelRegistry registry() {
        return new ModelRegistry(new RegistryClients(pipelineConfig().kafka(), "it-registry"), topics, name,
                ModelVerifier.ed25519(KEYS.getPublic()), "it", Clock.systemUTC(), Duration.ofSeconds(30));
    }

    List<PipelineEvent> events(EventType type) {
        return read(topics.events(), "read_committed").stream().map(r -> EVENTS.decode(r.value()))
                .filter(e -> e.getType() == type).toList();
    }

    /** Records on {@code topic} including those of open or aborted transactions. */
    int uncommittedCount(String topic) {
        return read(topic, "read_uncommitted").size();
    }

    /** The trainer group's committed offset on the batches topic; -1 if none. */
    long committedOffset() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin
                .listConsumerGroupOffsets("streamtrain-" + name + "-trainer")
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        OffsetAndMetadata offset = offsets.get(new TopicPartition(topics.batches(), 0));
        return offset == null ? -1 : offset.offset();
    }

    /**
     * The offset after the last message on the batches topic: where a consumer that has accounted for every
     * batch resumes (the transaction marker after it takes an offset of its own, and is skipped).
     */
    long afterLastBatchMessage() {
        return read(topics.batches(), "read_committed").getLast().offset() + 1;
    }

    private List<ConsumerRecord<String, byte[]>> read(String topic, String isolation) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(isolation)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            return records;
        }
    }

    private KafkaConsumer<String, byte[]> consumer(String isolation) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    @Override
    public void close() {
        streamsLikeProducer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
