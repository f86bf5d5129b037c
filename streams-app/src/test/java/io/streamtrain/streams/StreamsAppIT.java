package io.streamtrain.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.broker.TopicProvisioner;
import io.streamtrain.broker.testing.ClassBroker;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.core.deadletter.DeadLetterHeaders;
import io.streamtrain.messages.BatchChunk;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.BatchMessage;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.PartitionProgress;
import io.streamtrain.messages.WindowCloseReason;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.schemas.AvroMessageCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streams-app on a real embedded broker: 100,000 records, Avro and JSON mixed, 1% malformed, across
 * several windows. Every well-formed record must come out in exactly one batch, every malformed one in
 * the dead-letter topic, and nothing else anywhere.
 */
@Timeout(120)
class StreamsAppIT {

    private static final int RECORDS = 100_000;
    private static final long T0 = 1_700_000_000_000L;
    private static final int RECORD_MAX_BYTES = 4096;
    private static final int CHUNK_MAX_BYTES = 64 * 1024;
    private static final AvroMessageCodec<BatchMessage> BATCHES = AvroMessageCodec.of(BatchMessage.class);
    private static final AvroMessageCodec<PipelineEvent> EVENTS = AvroMessageCodec.of(PipelineEvent.class);

    @RegisterExtension
    static final ClassBroker BROKER = new ClassBroker();

    @TempDir
    Path stateDir;

    @Test
    void shouldEmitEveryWellFormedRecordInExactlyOneBatchAndDeadLetterEveryMalformedOne() throws Exception {
        long started = System.nanoTime();
        PipelineConfig pipeline = new PipelineConfig(Map.of(
                PipelineConfig.PIPELINE_NAME_CONFIG, "it",
                PipelineConfig.WINDOW_SIZE_MS_CONFIG, "10000",
                PipelineConfig.WINDOW_GRACE_MS_CONFIG, "2000",
                PipelineConfig.WINDOW_MAX_RECORDS_CONFIG, "4000",
                PipelineConfig.WINDOW_IDLE_CLOSE_MS_CONFIG, "2000",
                PipelineConfig.BATCH_CHUNK_MAX_BYTES_CONFIG, String.valueOf(CHUNK_MAX_BYTES),
                PipelineConfig.RECORD_MAX_BYTES_CONFIG, String.valueOf(RECORD_MAX_BYTES),
                StreamsAppConfig.STATE_DIR_CONFIG, stateDir.toString(),
                StreamsAppConfig.IDLE_CHECK_INTERVAL_MS_CONFIG, "200",
                "kafka.bootstrap.servers", BROKER.bootstrapServers()));
        try (TopicProvisioner provisioner = TopicProvisioner.connect(Map.of("bootstrap.servers", BROKER.bootstrapServers()), 1, Duration.ofSeconds(30))) {
            provisioner.ensureTopics(pipeline.topics().specs(pipeline.inputPartitions()));
        }
        StreamsAppConfig config = new StreamsAppConfig(PipelineDefinition.of(pipeline));
        Input input = Input.generate();

        try (StreamsAppService service = new StreamsAppService(config);
             CommittedTopicReader batches = new CommittedTopicReader(BROKER.bootstrapServers(), pipeline.topics().batches());
             CommittedTopicReader deadLetters = new CommittedTopicReader(BROKER.bootstrapServers(), pipeline.topics().deadLetters());
             CommittedTopicReader events = new CommittedTopicReader(BROKER.bootstrapServers(), pipeline.topics().events())) {
            // The whole input is waiting before the app starts: the partitions are caught up in parallel, and each
            // task writes its part of every window.
            produce(pipeline.topics().records(), input.values);
            service.start(Duration.ofSeconds(30));

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> batchedRecords(batches.poll()) == input.wellFormedIds.size());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> allInputProcessed(config.applicationId(), pipeline.topics().records(), 3));
            // Every input record is committed now, so each topic holds all it will ever get from this input.
            await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters.poll().size() >= input.malformed.size());
            batches.poll();
            events.poll();
            deadLetters.poll();

            assertThat(service.isHealthy()).isTrue();
            assertThat(service.threadReplacements()).isZero();
            assertBatches(batches.records(), input);
            assertDeadLetters(deadLetters.records(), input);
            assertNoWindowClosedEvents(events.records());
        }
        System.out.printf("StreamsAppIT: %,d records windowed end to end in %.1f s%n", RECORDS, (System.nanoTime() - started) / 1e9);
    }

    /**
     * Crash safety of the windower's writes held in memory between commits: once the input offsets of some
     * records are committed, the committed records changelog (what a restarted instance restores its open windows
     * from) must hold every one of them, although no window has closed.
     */
    @Test
    void shouldHoldEveryCommittedRecordOfAnOpenWindowInTheCommittedChangelog() throws Exception {
        int records = 5_000;
        PipelineConfig pipeline = new PipelineConfig(Map.of(
                PipelineConfig.PIPELINE_NAME_CONFIG, "it-open",
                PipelineConfig.INPUT_PARTITIONS_CONFIG, "1",
                PipelineConfig.WINDOW_SIZE_MS_CONFIG, "3600000",
                PipelineConfig.WINDOW_IDLE_CLOSE_MS_CONFIG, "600000",
                StreamsAppConfig.STATE_DIR_CONFIG, stateDir.toString(),
                StreamsAppConfig.COMMIT_INTERVAL_MS_CONFIG, "200",
                "kafka.bootstrap.servers", BROKER.bootstrapServers()));
        try (TopicProvisioner provisioner = TopicProvisioner.connect(Map.of("bootstrap.servers", BROKER.bootstrapServers()), 1, Duration.ofSeconds(30))) {
            provisioner.ensureTopics(pipeline.topics().specs(pipeline.inputPartitions()));
        }
        StreamsAppConfig config = new StreamsAppConfig(PipelineDefinition.of(pipeline));
        List<ProducerRecord<byte[], byte[]>> values = new ArrayList<>();
        Set<String> ids = new java.util.HashSet<>();
        for (int n = 0; n < records; n++) {
            String id = "open-" + n;
            ids.add(id);
            values.add(new ProducerRecord<>("", null, n % 2 == 0 ? DemoInput.avro(id, T0 + n) : DemoInput.json(id, T0 + n)));
        }

        try (StreamsAppService service = new StreamsAppService(config)) {
            service.start(Duration.ofSeconds(30));
            produce(pipeline.topics().records(), values);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> allInputProcessed(config.applicationId(), pipeline.topics().records(), 1));

            // Read while the service still runs: its shutdown must not be what writes the records.
            Map<String, byte[]> chunks = new HashMap<>();
            try (CommittedTopicReader changelog = new CommittedTopicReader(BROKER.bootstrapServers(),
                    config.applicationId() + "-window-records-changelog")) {
                for (int polls = 0; polls < 5; polls++) {
                    changelog.poll();
                }
                changelog.records().forEach(record -> chunks.put(base64(record.key()), record.value()));
            }
            assertThat(chunks.values().stream().flatMap(chunk -> chunkRecordIds(chunk).stream()).toList())
                    .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    /** Record ids of one value of the window-records store: a version byte, then length-prefixed CleanRecords. */
    private static List<String> chunkRecordIds(byte[] chunk) {
        AvroMessageCodec<CleanRecord> cleanRecords = AvroMessageCodec.of(CleanRecord.class);
        ByteBuffer buffer = ByteBuffer.wrap(chunk, 1, chunk.length - 1);
        List<String> ids = new ArrayList<>();
        while (buffer.hasRemaining()) {
            byte[] record = new byte[buffer.getInt()];
            buffer.get(record);
            ids.add(cleanRecords.decode(record).getRecordId());
        }
        return ids;
    }

    private static void assertBatches(List<ConsumerRecord<byte[], byte[]>> records, Input input) {
        Map<String, List<BatchChunk>> chunksByBatch = new HashMap<>();
        List<BatchManifest> manifests = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            BatchMessage message = BATCHES.decode(record.value());
            switch (message.getPart()) {
                case BatchChunk chunk -> {
                    assertThat(record.value().length).isLessThanOrEqualTo(CHUNK_MAX_BYTES);
                    chunksByBatch.computeIfAbsent(message.getBatchId(), id -> new ArrayList<>()).add(chunk);
                    chunk.getRecords().stream().map(CleanRecord::getRecordId).forEach(ids::add);
                }
                case BatchManifest manifest -> {
                    manifests.add(manifest);
                    List<BatchChunk> chunks = chunksByBatch.getOrDefault(message.getBatchId(), List.of());
                    assertThat(chunks).as("chunks of %s", message.getBatchId()).hasSize(manifest.getChunkCount());
                    assertThat(chunks.stream().mapToLong(chunk -> chunk.getRecords().size()).sum()).isEqualTo(manifest.getRecordCount());
                }
                case PartitionProgress progress -> assertThat(progress.getInputPartitions()).isEqualTo(3);
                default -> throw new AssertionError("unexpected batch part " + message.getPart());
            }
        }
        assertThat(ids).doesNotHaveDuplicates().hasSameSizeAs(input.wellFormedIds);
        assertThat(Set.copyOf(ids)).isEqualTo(input.wellFormedIds);
        assertThat(manifests).as("windows of 10 s over 100 s, split at 4,000 records").hasSizeGreaterThan(20);
        assertThat(manifests).allSatisfy(manifest -> {
            // A full-window notice may find a task that is in the window with no open part: it writes an empty part.
            long fewest = manifest.getCloseReason() == WindowCloseReason.MAX_RECORDS ? 0 : 1;
            assertThat(manifest.getRecordCount()).as("a part closes at its share of window.max.records").isBetween(fewest, 4_000L / 3);
            assertThat(manifest.getPart()).as("3 input partitions: every task writes parts").isNotNull();
        });
    }

    private static void assertDeadLetters(List<ConsumerRecord<byte[], byte[]>> records, Input input) {
        Map<String, String> reasonByValue = new HashMap<>();
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String value = base64(record.value());
            values.add(value);
            reasonByValue.put(value, DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.REASON));
        }
        assertThat(values).containsExactlyInAnyOrderElementsOf(input.malformed.keySet().stream().toList());
        assertThat(reasonByValue).isEqualTo(input.malformed);
    }

    private static void assertNoWindowClosedEvents(List<ConsumerRecord<byte[], byte[]>> records) {
        List<PipelineEvent> closed = records.stream().map(record -> EVENTS.decode(record.value()))
                .filter(event -> event.getType() == EventType.WINDOW_CLOSED).toList();
        // With several input partitions the trainer reports each window closed once it has assembled its parts.
        assertThat(closed).isEmpty();
    }

    private static List<BatchManifest> manifests(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(record -> BATCHES.decode(record.value()).getPart())
                .filter(part -> part instanceof BatchManifest)
                .map(part -> (BatchManifest) part)
                .toList();
    }

    private static long batchedRecords(List<ConsumerRecord<byte[], byte[]>> records) {
        return manifests(records).stream().mapToLong(BatchManifest::getRecordCount).sum();
    }

    /** Whether the application has committed offsets at the end of every input partition. */
    private static boolean allInputProcessed(String applicationId, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BROKER.bootstrapServers()))) {
            var committed = admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream().filter(tp -> tp.topic().equals(topic))
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            return latest.size() == partitions && ends.entrySet().stream()
                    .allMatch(end -> committed.get(end.getKey()).offset() == end.getValue().offset());
        }
    }

    private static void produce(String topic, List<ProducerRecord<byte[], byte[]>> values) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new ByteArraySerializer(), new ByteArraySerializer())) {
            values.forEach(record -> producer.send(new ProducerRecord<>(topic, record.key(), record.value())));
            producer.flush();
        }
    }

    private static String base64(byte[] value) {
        return value == null ? "null" : Base64.getEncoder().encodeToString(value);
    }

    /** The generated input: what to produce, and what must come out where. */
    private record Input(List<ProducerRecord<byte[], byte[]>> values, Set<String> wellFormedIds, Map<String, String> malformed) {

        static Input generate() {
            Random random = new Random(2026);
            List<ProducerRecord<byte[], byte[]>> values = new ArrayList<>(RECORDS);
            Set<String> wellFormed = new java.util.HashSet<>();
            Map<String, String> malformed = new HashMap<>();
            for (int n = 0; n < RECORDS; n++) {
                String id = "r" + n;
                long eventTime = T0 + n;
                byte[] value;
                if (n % 100 == 37) {
                    Malformed bad = Malformed.of(n / 100, id, eventTime, random);
                    value = bad.value();
                    malformed.put(base64(value), bad.reason());
                } else {
                    value = n % 2 == 0 ? DemoInput.avro(id, eventTime) : DemoInput.json(id, eventTime);
                    wellFormed.add(id);
                }
                values.add(new ProducerRecord<>("", id.getBytes(StandardCharsets.UTF_8), value));
            }
            return new Input(values, wellFormed, malformed);
        }
    }

    private record Malformed(byte[] value, String reason) {

        static Malformed of(int kind, String id, long eventTime, Random random) {
            return switch (kind % 5) {
                case 0 -> {
                    byte[] bytes = new byte[48];
                    random.nextBytes(bytes);
                    bytes[0] = 0x01;
                    yield new Malformed(bytes, "undecodable");
                }
                case 1 -> new Malformed(DemoInput.utf8("{\"id\": \"" + id + "\", \"eventTime\": " + eventTime), "undecodable");
                case 2 -> new Malformed(DemoInput.bytes(DemoInput.jsonObject(id, eventTime).put("monthlySpend", "lots")), "invalid");
                case 3 -> {
                    ObjectNode unlabeled = DemoInput.jsonObject(id, eventTime);
                    unlabeled.remove("label");
                    yield new Malformed(DemoInput.bytes(unlabeled), "missing-label");
                }
                default -> new Malformed(DemoInput.bytes(DemoInput.jsonObject(id, eventTime).put("region", "x".repeat(RECORD_MAX_BYTES))), "oversized");
            };
        }
    }
}
