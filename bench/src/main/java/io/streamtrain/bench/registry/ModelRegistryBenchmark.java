package io.streamtrain.bench.registry;

import io.streamtrain.bench.training.ChurnBatches;
import io.streamtrain.bench.training.MachineLoad;
import io.streamtrain.broker.EmbeddedBrokerSettings;
import io.streamtrain.broker.EmbeddedKafkaBroker;
import io.streamtrain.broker.TopicProvisioner;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.events.PipelineEvents;
import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.LoadedModel;
import io.streamtrain.ml.model.ModelLoader;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.train.BatchTrainer;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.trust.Ed25519Keys;
import io.streamtrain.ml.trust.ModelSigner;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.trainer.publish.BatchOffsets;
import io.streamtrain.trainer.publish.ModelPublisher;
import java.security.KeyPair;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publish and load time of models of about 1 KB (the demo's logistic regression), 1 MB and 30 MB (k-nearest-neighbour
 * models of random vectors, which compress as badly as real model weights), on the embedded broker.
 *
 * <p>Publish: the trainer's {@link ModelPublisher} (encode, Ed25519 signature, zstd, one transaction writing the models
 * topic, the history and an event, with offsets), until the commit returns. Load: what a scorer does, from a
 * consumer's seek to the new record until the model is ready to score: fetch, signature check, Avro decoding and
 * {@link ModelLoader} (digest, allow-listed deserialization, probe prediction). Each size is published and loaded
 * several times (default 5); the tables give the median and the slowest.
 *
 * <p>Run with {@code mvn -B -q -Pregistry-benchmark -pl bench -am package -DskipTests}; an optional argument
 * ({@code -Dbench.registry.args=N}) sets the repetitions.
 */
public final class ModelRegistryBenchmark {

    private static final String PIPELINE = "bench-registry";
    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private record Size(String label, int modelBytes) {
    }

    /** One publication and load, in milliseconds. */
    private record Run(int envelopeBytes, double publish, double fetch, double verify, double load) {
        double totalLoad() {
            return fetch + verify + load;
        }
    }

    private ModelRegistryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Size> sizes = List.of(new Size("1 KB", 0), new Size("1 MB", 1 << 20), new Size("30 MB", 30 << 20));
        MachineLoad before = MachineLoad.now();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.defaults())) {
            PipelineConfig pipeline = new PipelineConfig(Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, PIPELINE));
            PipelineTopics topics = pipeline.topics();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                new TopicProvisioner(admin).ensureTopics(topics.specs(1));
            }
            KeyPair keys = Ed25519Keys.generate();
            ModelVerifier verifier = ModelVerifier.ed25519(keys.getPublic());
            ModelEnvelope trained = train(pipeline);
            StringBuilder report = new StringBuilder();
            try (ModelPublisher publisher = new ModelPublisher(new KafkaProducer<>(producer(broker.bootstrapServers())),
                    topics, PIPELINE, PipelineTopics.MODEL_MAX_MESSAGE_BYTES - 64 * 1024,
                    ModelSigner.ed25519(keys.getPrivate(), keys.getPublic()));
                 KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumer(broker.bootstrapServers()))) {
                publisher.initialize();
                TopicPartition models = new TopicPartition(topics.models(), 0);
                consumer.assign(List.of(models));
                long version = 0;
                report.append("| model | model bytes | envelope bytes | publish (median / max) | load (median / max) "
                        + "| of which fetch / verify signature / decode + load |\n|---|---|---|---|---|---|\n");
                for (Size size : sizes) {
                    ModelEnvelope template = size.modelBytes() == 0 ? trained
                            : SizedModels.withModelOfAtLeast(trained, size.modelBytes());
                    List<Run> runs = new ArrayList<>();
                    for (int i = 0; i < repeats + 1; i++) {
                        ModelEnvelope envelope = ModelEnvelope.newBuilder(template).setVersion(++version).build();
                        Run run = publishAndLoad(publisher, consumer, models, envelope, topics, verifier);
                        if (i > 0) {
                            runs.add(run);
                        }
                    }
                    report.append(row(size, template, runs));
                }
            }
            System.out.println("Model publish and load, " + repeats + " runs per size after one warm-up, "
                    + LocalDate.now() + ", Java " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
                    + " cores, other processes kept " + String.format(Locale.ROOT, "%.0f%%",
                    100 * MachineLoad.now().otherProcessesShareSince(before)) + " of the machine busy");
            System.out.print(report);
        }
    }

    private static Run publishAndLoad(ModelPublisher publisher, KafkaConsumer<String, byte[]> consumer, TopicPartition models,
                                      ModelEnvelope envelope, PipelineTopics topics, ModelVerifier verifier)
            throws ModelRejectedException {
        long position = consumer.endOffsets(List.of(models), TIMEOUT).get(models);
        int envelopeBytes = ENVELOPES.encode(envelope).length;
        long start = System.nanoTime();
        publisher.publishModel(envelope, new PipelineEvents(PIPELINE, "bench").event(EventType.MODEL_PUBLISHED,
                        "benchmark model " + envelope.getVersion(), Map.of()),
                new BatchOffsets(Map.of(new TopicPartition(topics.batches(), 0), new OffsetAndMetadata(0)),
                        new ConsumerGroupMetadata(PIPELINE + "-bench")));
        long published = System.nanoTime();
        consumer.seek(models, position);
        ConsumerRecord<String, byte[]> record = next(consumer);
        long fetched = System.nanoTime();
        verifier.verify(record.value(), record.headers());
        long verified = System.nanoTime();
        LoadedModel loaded = ModelLoader.load(ENVELOPES.decode(record.value()), PIPELINE);
        long loadedAt = System.nanoTime();
        if (loaded.version() != envelope.getVersion()) {
            throw new IllegalStateException("loaded version " + loaded.version() + ", expected " + envelope.getVersion());
        }
        return new Run(envelopeBytes, millis(published - start), millis(fetched - published), millis(verified - fetched),
                millis(loadedAt - verified));
    }

    private static ConsumerRecord<String, byte[]> next(KafkaConsumer<String, byte[]> consumer) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                if (PIPELINE.equals(record.key())) {
                    return record;
                }
            }
        }
        throw new IllegalStateException("the published model did not arrive within " + TIMEOUT);
    }

    private static String row(Size size, ModelEnvelope template, List<Run> runs) {
        return String.format(Locale.ROOT, "| %s | %,d | %,d | %s | %s | %.1f / %.1f / %.1f ms |%n", size.label(),
                template.getModelBytes().remaining(), runs.getFirst().envelopeBytes(),
                medianAndMax(runs.stream().mapToDouble(Run::publish).toArray()),
                medianAndMax(runs.stream().mapToDouble(Run::totalLoad).toArray()),
                median(runs.stream().mapToDouble(Run::fetch).toArray()), median(runs.stream().mapToDouble(Run::verify).toArray()),
                median(runs.stream().mapToDouble(Run::load).toArray()));
    }

    private static String medianAndMax(double[] values) {
        return String.format(Locale.ROOT, "%.1f / %.1f ms", median(values), Arrays.stream(values).max().orElseThrow());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static ModelEnvelope train(PipelineConfig pipeline) {
        TrainingOutcome outcome = new BatchTrainer().train(ChurnBatches.request(pipeline, 1, 5_000, 3));
        if (!(outcome instanceof TrainingOutcome.Trained trained)) {
            throw new IllegalStateException("a demo batch made no model: " + outcome);
        }
        return trained.envelope();
    }

    /** The trainer's producer settings: transactional, 64 MiB requests, zstd. */
    private static Map<String, Object> producer(String bootstrapServers) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, PIPELINE + "-bench",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, PipelineTopics.MODEL_MAX_MESSAGE_BYTES,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 3L * PipelineTopics.MODEL_MAX_MESSAGE_BYTES,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    }

    /** The scorer's models consumer settings: committed reads, no group. */
    private static Map<String, Object> consumer(String bootstrapServers) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }
}
