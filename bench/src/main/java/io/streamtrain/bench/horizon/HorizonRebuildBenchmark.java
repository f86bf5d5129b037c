package io.streamtrain.bench.horizon;

import io.streamtrain.bench.training.MachineLoad;
import io.streamtrain.broker.EmbeddedBrokerSettings;
import io.streamtrain.broker.EmbeddedKafkaBroker;
import io.streamtrain.broker.TopicProvisioner;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.core.metrics.GaugeValue;
import io.streamtrain.core.metrics.StreamtrainMeters;
import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.messages.BatchChunk;
import io.streamtrain.messages.BatchMessage;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.trust.TrustConfig;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.trainer.ModelTrainer;
import io.streamtrain.trainer.TrainerConfig;
import io.streamtrain.trainer.TrainerService;
import io.streamtrain.trainer.batch.AssembledBatch;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A restarted trainer rebuilding a training horizon of 1,000,000 rows (ten windows of 100,000 rows of 30 numeric
 * features) from the batches topic of an embedded broker: the time from {@code start()} until the horizon holds every
 * row again, the process CPU time meanwhile, and the heap the rebuilt horizon holds (after a full GC, against the heap
 * before the trainer started). The first trainer reads the windows and commits the horizon's start; its fits make no
 * model (a {@link ModelTrainer} that skips), so only reading and assembling is measured.
 *
 * <p>Run with {@code mvn -B -q -Phorizon-rebuild-benchmark -pl bench -am package -DskipTests}.
 */
public final class HorizonRebuildBenchmark {

    private static final String PIPELINE = "rebuild";
    private static final int WINDOWS = 10;
    private static final int ROWS_PER_WINDOW = 100_000;
    private static final int RECORDS_PER_CHUNK = 1_000;
    private static final long ROWS = (long) WINDOWS * ROWS_PER_WINDOW;
    private static final AvroMessageCodec<BatchMessage> BATCHES = AvroMessageCodec.of(BatchMessage.class);
    private static final ModelTrainer SKIPPING = request -> new TrainingOutcome.Skipped("benchmark: no fit");

    private HorizonRebuildBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.defaults())) {
            PipelineConfig pipeline = pipeline(broker.bootstrapServers());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                new TopicProvisioner(admin).ensureTopics(pipeline.topics().specs(1));
            }
            long produceStart = System.nanoTime();
            produce(broker.bootstrapServers(), pipeline.topics());
            System.out.printf(Locale.ROOT, "produced %d windows of %d rows in %.1f s%n", WINDOWS, ROWS_PER_WINDOW,
                    (System.nanoTime() - produceStart) / 1e9);
            GaugeValue rows = StreamtrainMeters.horizonRows(PIPELINE);
            try (TrainerService first = trainer(pipeline)) {
                first.start(Duration.ofSeconds(60));
                awaitRows(rows, Duration.ofMinutes(10));
                // The tenth window's skip is committed with the horizon's start soon after it is admitted.
                Thread.sleep(3_000);
            }
            rows.set(0);
            long heapBefore = HeapInUse.afterGc();
            MachineLoad load = MachineLoad.now();
            long cpu = processCpuNanos();
            long start = System.nanoTime();
            try (TrainerService restarted = trainer(pipeline)) {
                restarted.start(Duration.ofSeconds(60));
                awaitRows(rows, Duration.ofMinutes(10));
                long wall = System.nanoTime() - start;
                long cpuUsed = processCpuNanos() - cpu;
                double others = MachineLoad.now().otherProcessesShareSince(load);
                long held = HeapInUse.afterGc() - heapBefore;
                System.out.printf(Locale.ROOT, "rebuilt %d rows in %.2f s (%.0f rows/s), process CPU %.2f s (%.2f µs per row), "
                                + "heap held %.1f MB (%.1f bytes per row; gauge %.1f), other processes %.0f%% of the machine%n",
                        ROWS, wall / 1e9, ROWS / (wall / 1e9), cpuUsed / 1e9, cpuUsed / 1e3 / ROWS, held / 1e6,
                        (double) held / ROWS, StreamtrainMeters.horizonBytesPerRow(PIPELINE).get(), 100 * others);
            }
        }
    }

    private static PipelineConfig pipeline(String bootstrapServers) {
        return new PipelineConfig(Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, PIPELINE,
                "kafka.bootstrap.servers", bootstrapServers,
                TrustConfig.SIGNATURES_CONFIG, "off",
                PipelineConfig.TRAIN_HORIZON_WINDOWS_CONFIG, String.valueOf(WINDOWS),
                // The newest window fills the bound: no fit turns the earlier rows back into records.
                PipelineConfig.TRAIN_HORIZON_MAX_RECORDS_CONFIG, String.valueOf(ROWS_PER_WINDOW),
                PipelineConfig.TRAIN_HORIZON_SAMPLING_CONFIG, "newest"));
    }

    private static TrainerService trainer(PipelineConfig pipeline) {
        return new TrainerService(new TrainerConfig(PipelineDefinition.of(pipeline).with(Map.of(TrainerConfig.POLL_TIMEOUT_MS_CONFIG, "50"))), SKIPPING,
                Clock.systemUTC());
    }

    /** Each window as chunks of {@value #RECORDS_PER_CHUNK} records and a manifest, in a transaction per window. */
    private static void produce(String bootstrapServers, PipelineTopics topics) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "horizon-rebuild-benchmark",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.initTransactions();
            for (int w = 0; w < WINDOWS; w++) {
                AssembledBatch window = HorizonRows.window(PIPELINE, w, ROWS_PER_WINDOW, 42);
                producer.beginTransaction();
                int chunks = 0;
                for (int from = 0; from < ROWS_PER_WINDOW; from += RECORDS_PER_CHUNK, chunks++) {
                    BatchMessage chunk = new BatchMessage(PIPELINE, window.batchId(), new BatchChunk(chunks,
                            window.records().subList(from, Math.min(ROWS_PER_WINDOW, from + RECORDS_PER_CHUNK))));
                    producer.send(new ProducerRecord<>(topics.batches(), window.batchId(), BATCHES.encode(chunk)));
                }
                window.manifest().setChunkCount(chunks);
                producer.send(new ProducerRecord<>(topics.batches(), window.batchId(),
                        BATCHES.encode(new BatchMessage(PIPELINE, window.batchId(), window.manifest()))));
                producer.commitTransaction();
            }
        }
    }

    private static void awaitRows(GaugeValue rows, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (rows.get() != ROWS) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the horizon holds " + rows.get() + " rows after " + timeout);
            }
            Thread.sleep(10);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
