package io.streamtrain.streams;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.messages.BatchChunk;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.BatchMessage;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.PartitionProgress;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.schemas.AvroMessageCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production topology and Kafka Streams configuration under a {@link TopologyTestDriver}, with
 * readers that decode what it emits.
 */
final class TopologyHarness implements AutoCloseable {

    static final String PIPELINE = "churn";
    /** An event time on a 10 s window boundary. */
    static final long T0 = 1_700_000_000_000L;
    static final long WINDOW_MS = 10_000;
    static final long GRACE_MS = 2_000;
    static final long IDLE_MS = 5_000;
    static final long PARTITION_IDLE_MS = 8_000;

    private static final AvroMessageCodec<BatchMessage> BATCHES = AvroMessageCodec.of(BatchMessage.class);
    private static final AvroMessageCodec<PipelineEvent> EVENTS = AvroMessageCodec.of(PipelineEvent.class);

    final PipelineConfig pipeline;
    final StreamsAppConfig config;
    final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> records;
    private final TestOutputTopic<String, byte[]> batches;
    private final TestOutputTopic<String, byte[]> events;
    private final TestOutputTopic<String, byte[]> control;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final List<PartitionProgress> progress = new ArrayList<>();

    /**
     * @param overrides       pipeline or streams-app settings over the test defaults
     * @param inputPartitions the input topic's partitions; with several the windower writes parts, and the driver
     *                        feeds the task of partition 0
     */
    TopologyHarness(Path stateDir, Map<String, ?> overrides, int inputPartitions) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(PipelineConfig.PIPELINE_NAME_CONFIG, PIPELINE);
        settings.put(PipelineConfig.WINDOW_SIZE_MS_CONFIG, String.valueOf(WINDOW_MS));
        settings.put(PipelineConfig.WINDOW_GRACE_MS_CONFIG, String.valueOf(GRACE_MS));
        settings.put(PipelineConfig.WINDOW_IDLE_CLOSE_MS_CONFIG, String.valueOf(IDLE_MS));
        settings.put(StreamsAppConfig.IDLE_CHECK_INTERVAL_MS_CONFIG, "100");
        settings.put(StreamsAppConfig.PARTITION_IDLE_MS_CONFIG, String.valueOf(PARTITION_IDLE_MS));
        settings.put(StreamsAppConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put("kafka.bootstrap.servers", "test-driver:9092");
        settings.putAll(overrides);
        this.pipeline = new PipelineConfig(settings);
        this.config = new StreamsAppConfig(PipelineDefinition.of(pipeline));
        this.driver = new TopologyTestDriver(IngestTopology.build(pipeline, config.topologyOptions(inputPartitions, inputPartitions)),
                config.streamsProperties(), Instant.parse("2030-01-01T00:00:00Z"));
        var topics = pipeline.topics();
        this.records = driver.createInputTopic(topics.records(), new ByteArraySerializer(), new ByteArraySerializer());
        this.batches = driver.createOutputTopic(topics.batches(), new StringDeserializer(), new ByteArrayDeserializer());
        this.events = driver.createOutputTopic(topics.events(), new StringDeserializer(), new ByteArrayDeserializer());
        this.control = driver.createOutputTopic(topics.control(), new StringDeserializer(), new ByteArrayDeserializer());
        this.deadLetters = driver.createOutputTopic(topics.deadLetters(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    TopologyHarness(Path stateDir, Map<String, ?> overrides) {
        this(stateDir, overrides, 1);
    }

    TopologyHarness(Path stateDir) {
        this(stateDir, Map.of());
    }

    void pipe(byte[] value) {
        pipe(null, value, new RecordHeaders());
    }

    void pipe(byte[] key, byte[] value, Headers headers) {
        records.pipeInput(new TestRecord<>(key, value, headers, Instant.ofEpochMilli(T0)));
    }

    /** A valid record, Avro or JSON by the parity of {@code n}, with id {@code r<n>}. */
    void pipeValid(int n, long eventTime) {
        String id = "r" + n;
        pipe(n % 2 == 0 ? DemoInput.avro(id, eventTime) : DemoInput.json(id, eventTime));
    }

    /** A score request (transient mode) with Kafka key {@code key}, arriving at {@code timestamp}. */
    void pipeScoreRequest(String key, byte[] value, long timestamp) {
        driver.createInputTopic(pipeline.topics().scoreRequests(), new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput(new TestRecord<>(key == null ? null : DemoInput.utf8(key), value, new RecordHeaders(),
                        Instant.ofEpochMilli(timestamp)));
    }

    /** A message on the control topic, as the scorer sends it. */
    void pipeControl(byte[] value) {
        driver.createInputTopic(pipeline.topics().control(), new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput(new TestRecord<>(null, value, new RecordHeaders(), Instant.ofEpochMilli(T0)));
    }

    void advanceWallClock(Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    /**
     * Batches (whole windows, or parts of windows with several input partitions) emitted since the last call, in
     * order; each complete with its manifest. Progress messages are kept for {@link #progress()}.
     */
    List<Batch> batches() {
        Map<String, List<byte[]>> chunks = new LinkedHashMap<>();
        List<Batch> complete = new ArrayList<>();
        for (TestRecord<String, byte[]> record : batches.readRecordsToList()) {
            BatchMessage message = BATCHES.decode(record.value());
            if (message.getPart() instanceof PartitionProgress partitionProgress) {
                progress.add(partitionProgress);
            } else if (message.getPart() instanceof BatchManifest manifest) {
                List<byte[]> encoded = chunks.remove(message.getBatchId());
                complete.add(new Batch(message.getBatchId(), record.key(), manifest, encoded == null ? List.of() : encoded));
            } else {
                chunks.computeIfAbsent(message.getBatchId(), id -> new ArrayList<>()).add(record.value());
            }
        }
        if (!chunks.isEmpty()) {
            throw new AssertionError("chunks without a manifest: " + chunks.keySet());
        }
        return complete;
    }

    /** Progress messages (several input partitions) emitted since the last call, read with the batches. */
    List<PartitionProgress> progress() {
        batches();
        List<PartitionProgress> read = List.copyOf(progress);
        progress.clear();
        return read;
    }

    List<PipelineEvent> events() {
        return events.readValuesToList().stream().map(EVENTS::decode).toList();
    }

    /** What the topology wrote to the control topic (full-window notices) since the last call. */
    List<PipelineEvent> controlMessages() {
        return control.readValuesToList().stream().map(EVENTS::decode).toList();
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    @Override
    public void close() {
        driver.close();
    }

    /** One emitted batch: its chunks as encoded on the topic and its manifest. */
    record Batch(String batchId, String key, BatchManifest manifest, List<byte[]> encodedChunks) {

        List<BatchChunk> chunks() {
            return encodedChunks.stream().map(bytes -> (BatchChunk) BATCHES.decode(bytes).getPart()).toList();
        }

        List<CleanRecord> records() {
            return chunks().stream().flatMap(chunk -> chunk.getRecords().stream()).toList();
        }

        List<String> recordIds() {
            return records().stream().map(CleanRecord::getRecordId).toList();
        }
    }
}
