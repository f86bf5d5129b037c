package io.streamtrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtrain.core.config.DeploymentDefinition;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.core.testing.ChildJvm;
import io.streamtrain.core.testing.PropertiesFile;
import io.streamtrain.demo.DemoRecord;
import io.streamtrain.launcher.demo.DriftingChurnProcess;
import io.streamtrain.launcher.runtime.Deployment;
import io.streamtrain.launcher.runtime.PipelineRuntime;
import io.streamtrain.launcher.runtime.ServiceKind;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.ml.trust.Ed25519Keys;
import io.streamtrain.ml.trust.TrustConfig;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.schemas.DemoRecordEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One pipeline on a shared broker for a fault test: its configuration (also as a file for a child process), the
 * services running in this JVM, a producer of labelled windows and score requests, and the checks that every
 * labelled record is accounted for exactly once and every score request answered exactly once.
 */
final class FaultPipeline implements AutoCloseable {

    private static final KeyPair KEYS = Ed25519Keys.generate();

    static final Duration WINDOW = Duration.ofSeconds(10);
    static final int RECORDS_PER_WINDOW = 300;
    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);
    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);
    private static final AvroMessageCodec<PipelineEvent> EVENTS = AvroMessageCodec.of(PipelineEvent.class);

    private final Map<String, String> configuration;
    private final Path directory;
    private final DriftingChurnProcess process = new DriftingChurnProcess(11L, START, Duration.ZERO, 0.02, 0.0);
    private final Deployment deployment;
    private final PipelineRuntime runtime;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicLong sentToInput = new AtomicLong();
    private final List<String> scoredIds = new ArrayList<>();

    private FaultPipeline(Map<String, String> configuration, Path directory, Deployment deployment) {
        this.configuration = configuration;
        this.directory = directory;
        this.deployment = deployment;
        this.runtime = deployment.pipeline(configuration.get("pipeline.name"));
        Map<String, Object> properties = new HashMap<>(deployment.clientProperties());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(properties);
    }

    /**
     * Creates the topics of pipeline {@code name} and starts {@code services} in this JVM.
     *
     * @param directory where the Streams state, the configuration file and the child processes' logs go
     */
    static FaultPipeline start(String name, String bootstrapServers, Path directory, Set<ServiceKind> services) {
        return start(name, bootstrapServers, directory, services, Map.of());
    }

    /** As {@link #start(String, String, Path, Set)}, with {@code overrides} over the pipeline's configuration. */
    static FaultPipeline start(String name, String bootstrapServers, Path directory, Set<ServiceKind> services,
                               Map<String, String> overrides) {
        Map<String, String> configuration = new HashMap<>();
        configuration.put("pipeline.name", name);
        configuration.put("kafka.bootstrap.servers", bootstrapServers);
        // A killed member leaves the group only when its session times out: keep that at the broker's minimum.
        configuration.put("kafka.session.timeout.ms", "6000");
        configuration.put("kafka.heartbeat.interval.ms", "1000");
        configuration.put("window.size.ms", String.valueOf(WINDOW.toMillis()));
        configuration.put("window.grace.ms", "1000");
        configuration.put("window.idle.close.ms", "2000");
        configuration.put("input.partitions", "1");
        // Every record is accounted for once by summing each model's own window: one window per model.
        configuration.put("train.horizon.windows", "1");
        configuration.put("streams.commit.interval.ms", "100");
        configuration.put("streams.state.dir", directory.resolve("streams-state").toString());
        configuration.put("scorer.instance.id", name + "-scorer");
        configuration.put("scorer.http.port", "-1");
        // Services in child processes sign and verify models with the same pair as those in this JVM.
        configuration.putAll(TrustConfig.inline(KEYS));
        configuration.putAll(overrides);
        Deployment deployment = Deployment.start(new DeploymentDefinition(List.of(PipelineDefinition.of(name, configuration))),
                services, null, STEP_TIMEOUT);
        return new FaultPipeline(Map.copyOf(configuration), directory, deployment);
    }

    PipelineRuntime runtime() {
        return runtime;
    }

    /** Runs {@code service} in a child process, with {@code extra} keys on top of the pipeline's configuration. */
    ChildJvm runInChild(String service, Map<String, String> extra, Map<String, String> systemProperties) {
        return ServiceProcess.run(service, configurationFile(extra), log(service), systemProperties);
    }

    /** Runs a main class in a child process; its arguments are the configuration file and then {@code args}. */
    ChildJvm startChild(Class<?> mainClass, String... args) {
        List<String> arguments = new ArrayList<>();
        arguments.add(configurationFile(Map.of()).toString());
        arguments.addAll(List.of(args));
        return ChildJvm.start(mainClass.getName(), arguments, log(mainClass.getSimpleName()), Map.of());
    }

    Path file(String name) {
        return directory.resolve(name);
    }

    /**
     * Sends records {@code from} (inclusive) to {@code to} (exclusive) of window {@code index}, in event-time order,
     * then, once the window is complete, one malformed record.
     */
    void sendWindow(int index, int from, int to) {
        Instant windowStart = START.plus(WINDOW.multipliedBy(index));
        long spacing = WINDOW.toMillis() * 8 / 10 / RECORDS_PER_WINDOW;
        for (int i = from; i < to; i++) {
            String id = "w" + index + "-" + i;
            DemoRecord record = process.next(id, windowStart.plusMillis(i * spacing), true);
            send(runtime.pipeline().topics().records(), id, i % 4 == 0 ? DemoRecordEncoder.json(record) : DemoRecordEncoder.avro(record));
        }
        if (to == RECORDS_PER_WINDOW) {
            send(runtime.pipeline().topics().records(), "bad-" + index, "{\"id\": \"bad\", ".getBytes(StandardCharsets.UTF_8));
        }
        producer.flush();
    }

    void sendWindow(int index) {
        sendWindow(index, 0, RECORDS_PER_WINDOW);
    }

    /** Sends the labelled records of window {@code index}, record i to input partition i % {@code partitions}. */
    void sendWindowToPartitions(int index, int partitions) {
        sendWindowToPartitions(index, i -> i % partitions);
    }

    /** Sends the labelled records of window {@code index}, record i to input partition {@code partitionOf(i)}. */
    void sendWindowToPartitions(int index, IntUnaryOperator partitionOf) {
        sendWindowToPartitions(index, partitionOf, i -> true);
    }

    /**
     * Sends the labelled records i of window {@code index} for which {@code which} holds, record i to input partition
     * {@code partitionOf(i)}; a second call with the complement sends the rest of the window.
     */
    void sendWindowToPartitions(int index, IntUnaryOperator partitionOf, IntPredicate which) {
        Instant windowStart = START.plus(WINDOW.multipliedBy(index));
        long spacing = WINDOW.toMillis() * 8 / 10 / RECORDS_PER_WINDOW;
        for (int i = 0; i < RECORDS_PER_WINDOW; i++) {
            if (!which.test(i)) {
                continue;
            }
            String id = "w" + index + "-" + i;
            producer.send(new ProducerRecord<>(runtime.pipeline().topics().records(), partitionOf.applyAsInt(i), id,
                    DemoRecordEncoder.avro(process.next(id, windowStart.plusMillis(i * spacing), true))));
            sentToInput.incrementAndGet();
        }
        producer.flush();
    }

    /** The pipeline's configuration with {@code extra} keys on top, as a service in this JVM would read it. */
    PipelineConfig config(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(configuration);
        settings.putAll(extra);
        return new PipelineConfig(settings);
    }

    /** Sends {@code requests} score requests of {@code perRequest} unlabelled records each. */
    void sendScoreRequests(String prefix, int requests, int perRequest) {
        Instant eventTime = START.plus(WINDOW.multipliedBy(100));
        for (int request = 0; request < requests; request++) {
            List<DemoRecord> batch = new ArrayList<>();
            for (int i = 0; i < perRequest; i++) {
                DemoRecord record = process.next(prefix + request + "-" + i, eventTime, false);
                batch.add(record);
                scoredIds.add(record.getId());
            }
            String requestId = prefix + "request-" + request;
            producer.send(new ProducerRecord<>(runtime.pipeline().topics().scoreRequests(), requestId,
                    DemoRecordEncoder.scoreRequest(requestId, batch)));
        }
        producer.flush();
    }

    private void send(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
        sentToInput.incrementAndGet();
    }

    /** Waits until the model history holds exactly versions 1..{@code count}, each once; returns them. */
    List<ModelEnvelope> awaitVersions(int count) {
        List<Long> expected = LongStream.rangeClosed(1, count).boxed().toList();
        List<ModelEnvelope> models = new ArrayList<>();
        try (TopicReader history = reader(runtime.pipeline().topics().modelHistory())) {
            await().atMost(STEP_TIMEOUT).untilAsserted(() -> {
                models.clear();
                history.poll().forEach(record -> models.add(ENVELOPES.decode(record.value())));
                assertThat(models).extracting(ModelEnvelope::getVersion).containsExactlyElementsOf(expected);
            });
        }
        return models;
    }

    /**
     * Waits until every record sent to the input topic is accounted for exactly once: in the lineage count of one
     * published model, in a {@code BATCH_SKIPPED} event, or on the dead-letter topic. Checks that the models' versions
     * are 1, 2, 3, ... each published once, and that each comes from its own batch (a window split by an idle close
     * makes two batches of one window start).
     */
    void assertEveryRecordAccountedForOnce() {
        try (TopicReader history = reader(runtime.pipeline().topics().modelHistory());
             TopicReader events = reader(runtime.pipeline().topics().events());
             TopicReader dlq = reader(runtime.pipeline().topics().deadLetters())) {
            await().atMost(STEP_TIMEOUT).untilAsserted(() -> {
                List<ModelEnvelope> models = history.poll().stream().map(record -> ENVELOPES.decode(record.value())).toList();
                long inModels = models.stream().mapToLong(model -> model.getLineage().getRecordCount()).sum();
                long skipped = events(events, EventType.BATCH_SKIPPED).stream()
                        .mapToLong(event -> Long.parseLong(event.getAttributes().getOrDefault("records", "0"))).sum();
                long deadLettered = dlq.poll().stream().filter(this::fromInput).count();
                assertThat(inModels + skipped + deadLettered)
                        .as("records in models %d + in skipped batches %d + dead-lettered %d", inModels, skipped, deadLettered)
                        .isEqualTo(sentToInput.get());
                assertThat(models).extracting(ModelEnvelope::getVersion)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, models.size()).boxed().toList());
                assertThat(models).extracting(model -> model.getLineage().getBatchId()).doesNotHaveDuplicates();
            });
        }
    }

    /** Checks that every record of every score request sent has exactly one committed prediction. */
    void assertEveryRequestAnsweredOnce() {
        try (TopicReader predictions = reader(runtime.pipeline().topics().predictions())) {
            await().atMost(STEP_TIMEOUT).untilAsserted(() -> assertThat(predictions.poll()).hasSizeGreaterThanOrEqualTo(scoredIds.size()));
            List<String> predicted = predictions.poll().stream().map(record -> JsonValues.parse(record.value()).path("recordId").asText()).toList();
            assertThat(predicted).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(scoredIds);
        }
    }

    /** Committed predictions so far. */
    int predictionCount() {
        try (TopicReader predictions = reader(runtime.pipeline().topics().predictions())) {
            return predictions.poll().size();
        }
    }

    private boolean fromInput(ConsumerRecord<String, byte[]> record) {
        Header source = record.headers().lastHeader("streamtrain.source.topic");
        return source != null && new String(source.value(), StandardCharsets.UTF_8).equals(runtime.pipeline().topics().records());
    }

    /** The committed events of {@code type} so far. */
    List<PipelineEvent> events(EventType type) {
        try (TopicReader events = reader(runtime.pipeline().topics().events())) {
            List<PipelineEvent> read = new ArrayList<>();
            await().atMost(STEP_TIMEOUT).untilAsserted(() -> {
                read.clear();
                read.addAll(events(events, type));
                assertThat(events.poll()).isNotEmpty();
            });
            return read;
        }
    }

    private static List<PipelineEvent> events(TopicReader reader, EventType type) {
        return reader.poll().stream().map(record -> EVENTS.decode(record.value()))
                .filter(event -> event.getType() == type).toList();
    }

    private TopicReader reader(String topic) {
        return new TopicReader(deployment.clientProperties(), topic);
    }

    private Path configurationFile(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(configuration);
        settings.putAll(extra);
        return PropertiesFile.write(directory.resolve("pipeline-" + extra.hashCode() + ".properties"), settings);
    }

    private Path log(String name) {
        return directory.resolve(name + "-" + System.nanoTime() + ".log");
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        deployment.close();
    }
}
