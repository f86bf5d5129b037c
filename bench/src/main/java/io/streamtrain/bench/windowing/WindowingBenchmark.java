package io.streamtrain.bench.windowing;

import io.streamtrain.broker.EmbeddedBrokerSettings;
import io.streamtrain.broker.EmbeddedKafkaBroker;
import io.streamtrain.broker.TopicProvisioner;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.streams.StreamsAppConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * Measures the streams-app's windowing intake against the stateless validation cut, over input partitions and
 * instances, on one embedded broker in one run. For each count of input partitions (1, 2 and 4):
 * <ol>
 *   <li>produces N demo records (default 500,000; half Avro, half JSON) to an input topic of that many partitions,
 *       and times a plain {@code KafkaConsumer} reading it (for scale);</li>
 *   <li>for 1 and 2 instances (2 only with several partitions, as one partition keeps a second instance idle):
 *       (a) the validation cut ({@link ValidationCutRun}), and (b) the streams-app, started fresh as its own
 *       pipeline reading the same input; both with the records/s and the CPU time per record of the instances' threads
 *       ({@link ThreadCpu}). Both are timed from their first RUNNING until the whole input is committed
 *       ({@link InputCommitted}: the same end on both sides, which gives the ratio); besides, the cut until its last
 *       record is through and the streams-app until its last manifest closed by stream time or size is committed;</li>
 *   <li>(c) the bytes the streams-app wrote to its state changelogs and the batches topic per byte of input.</li>
 * </ol>
 * The first input is also run once through both, untimed, so that no measured run pays for the JIT.
 * Before that, validation alone on one thread without Kafka (the CPU floor per record); after it, a summary table. Every instance
 * has one stream thread and runs in this JVM, with the broker, on this machine's cores.
 *
 * <p>Run with {@code mvn -B -q -Pwindowing-benchmark -pl bench -am package -DskipTests}; pass arguments with
 * {@code -Dbench.windowing.args="<records> <commit interval ms> [key=value,...]"}, the last being pipeline or streams-app
 * settings for every run, for example {@code kafka.max.poll.records=5000}.
 */
public final class WindowingBenchmark {

    private static final int DEFAULT_RECORDS = 500_000;
    private static final long DEFAULT_COMMIT_INTERVAL_MS = 1_000;
    private static final List<Integer> PARTITIONS = List.of(1, 2, 4);
    private static final List<Integer> INSTANCES = List.of(1, 2);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    private WindowingBenchmark() {
    }

    /** One row of the summary: a partition count and instance count, the cut and the streams-app over the same input. */
    private record Row(int partitions, int instances, long records, ValidationCutRun.Result cut, StreamsAppRun.Result windowing) {

        /** Records/s until the input is committed: the figure the ratio compares. */
        double cutRate() {
            return records / cut.committedSeconds();
        }

        /** Records/s until the input is committed: the figure the ratio compares. */
        double windowingRate() {
            return records / windowing.committedSeconds();
        }

        /** Records/s until the last record is through validation, not yet committed. */
        double cutThroughRate() {
            return records / cut.seconds();
        }

        /** Records/s until the last manifest closed by stream time or size is committed. */
        double windowingManifestRate() {
            return windowing.beforeTailRecords() / windowing.beforeTailSeconds();
        }
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : DEFAULT_RECORDS;
        long commitInterval = args.length > 1 ? Long.parseLong(args[1].trim()) : DEFAULT_COMMIT_INTERVAL_MS;
        Map<String, String> overrides = args.length > 2 ? settings(args[2]) : Map.of();
        Path stateDir = Files.createTempDirectory("streamtrain-bench-state");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.defaults());
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, 1, Duration.ofMinutes(1));
            line("environment", "%d cores, Java %s, max heap %d MB, load average %.1f", Runtime.getRuntime().availableProcessors(),
                    Runtime.version(), Runtime.getRuntime().maxMemory() >> 20, loadAverage());
            // One thread and no broker: measured first, while the machine is at its quietest.
            PipelineConfig validationPipeline = new Bench(broker.bootstrapServers(), stateDir, commitInterval, 1, overrides, provisioner)
                    .pipeline("bench-validation", "bench-validation.records", 0);
            double validationRate = ValidationOnlyRun.recordsPerSecond(validationPipeline, BenchmarkInput.values(records));
            line("validation alone", "%,.0f records/s on one thread, no Kafka (decode, check, clean, encode): %.2f µs/record",
                    validationRate, 1e6 / validationRate);
            List<Row> rows = new ArrayList<>();
            for (int partitions : PARTITIONS) {
                Bench bench = new Bench(broker.bootstrapServers(), stateDir, commitInterval, partitions, overrides, provisioner);
                PipelineConfig input = bench.pipeline("bench-p" + partitions, "bench-p" + partitions + ".records", 0);
                provisioner.ensureTopics(input.topics().specs(partitions));
                String inputTopic = input.topics().records();
                BenchmarkInput.Produced produced = BenchmarkInput.produce(broker.bootstrapServers(), inputTopic, records);
                long inputBytes = TopicSizes.of(admin).bytes(inputTopic::equals);
                line("input, " + partitions + " partition(s)", "%,d records (%,d value bytes), %s on disk; produced in %.1f s",
                        produced.records(), produced.valueBytes(), megabytes(inputBytes), produced.seconds());
                if (partitions == PARTITIONS.getFirst()) {
                    line("windowing", "window.size.ms=%d, window.max.records=%d, batch.chunk.max.bytes=%d, commit %d ms, exactly_once_v2",
                            input.windowSize().toMillis(), input.windowMaxRecords(), input.batchChunkMaxBytes(), commitInterval);
                }
                if (partitions == PARTITIONS.getFirst()) {
                    // Untimed: the first run of each would otherwise pay for the JIT and class loading.
                    ValidationCutRun.run(admin, bench.instances("bench-warm-up-cut", inputTopic, 1), records, RUN_TIMEOUT);
                    StreamsAppRun.run(admin, bench.instances("bench-warm-up-window", inputTopic, 1), records, RUN_TIMEOUT);
                    line("warm-up", "one validation cut and one streams-app over this input, not counted");
                }
                double consumerSeconds = PlainConsumerRun.seconds(broker.bootstrapServers(), inputTopic, records, RUN_TIMEOUT);
                line("    plain consumer", "%,.0f records/s", records / consumerSeconds);
                for (int instances : INSTANCES) {
                    if (instances > partitions) {
                        continue;
                    }
                    String run = "p" + partitions + "-i" + instances;
                    ValidationCutRun.Result cut = ValidationCutRun.run(admin, bench.instances("bench-cut-" + run, inputTopic, instances),
                            records, RUN_TIMEOUT);
                    List<PipelineConfig> app = bench.instances("bench-window-" + run, inputTopic, instances);
                    TopicSizes before = TopicSizes.of(admin);
                    StreamsAppRun.Result windowing = StreamsAppRun.run(admin, app, records, RUN_TIMEOUT);
                    Row row = new Row(partitions, instances, records, cut, windowing);
                    rows.add(row);
                    report(row, app.getFirst(), TopicSizes.of(admin).since(before), inputBytes);
                }
            }
            summary(rows);
        } finally {
            deleteRecursively(stateDir);
        }
    }

    /** The pipeline settings of one partition count. */
    private record Bench(String bootstrapServers, Path stateDir, long commitInterval, int partitions, Map<String, String> overrides,
                         TopicProvisioner provisioner) {

        /** The configurations of {@code count} instances of pipeline {@code name}, its topics created. */
        List<PipelineConfig> instances(String name, String inputTopic, int count) {
            List<PipelineConfig> instances = new ArrayList<>();
            for (int instance = 0; instance < count; instance++) {
                instances.add(pipeline(name, inputTopic, instance));
            }
            provisioner.ensureTopics(instances.getFirst().topics().specs(partitions));
            return instances;
        }

        PipelineConfig pipeline(String name, String inputTopic, int instance) {
            Map<String, String> settings = new HashMap<>(Map.of(
                    PipelineConfig.PIPELINE_NAME_CONFIG, name,
                    PipelineConfig.TOPICS_PREFIX + "records", inputTopic,
                    PipelineConfig.INPUT_PARTITIONS_CONFIG, String.valueOf(partitions),
                    // Close the last, open window soon after the input ends; that wait is part of the measured time.
                    PipelineConfig.WINDOW_IDLE_CLOSE_MS_CONFIG, "1000",
                    StreamsAppConfig.IDLE_CHECK_INTERVAL_MS_CONFIG, "100",
                    StreamsAppConfig.COMMIT_INTERVAL_MS_CONFIG, String.valueOf(commitInterval),
                    StreamsAppConfig.STATE_DIR_CONFIG, stateDir.resolve(name + "-" + instance).toString(),
                    "kafka.bootstrap.servers", bootstrapServers));
            settings.putAll(overrides);
            return new PipelineConfig(settings);
        }
    }

    private static Map<String, String> settings(String keyValues) {
        Map<String, String> settings = new HashMap<>();
        for (String pair : keyValues.split(",")) {
            int equals = pair.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("expected key=value, got '" + pair + "'");
            }
            settings.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        return settings;
    }

    private static void report(Row row, PipelineConfig pipeline, TopicSizes written, long inputBytes) {
        StreamsAppRun.Result windowing = row.windowing();
        String app = new StreamsAppConfig(PipelineDefinition.of(pipeline)).applicationId();
        long changelogs = written.bytes(topic -> topic.startsWith(app + "-") && topic.endsWith("-changelog"));
        long batches = written.bytes(pipeline.topics().batches()::equals);
        line("  " + row.instances() + " instance(s)", "(a) validation cut: input committed %.2f s  %,.0f records/s; last record through %.2f s"
                        + "  %,.0f records/s; %.2f µs CPU/record",
                row.cut().committedSeconds(), row.cutRate(), row.cut().seconds(), row.cutThroughRate(),
                1e6 * row.cut().cpuSeconds() / row.records());
        line("", "(b) streams-app: input committed %.2f s  %,.0f records/s  ratio to (a) %.2f (target >= 0.6); last manifest closed"
                        + " by time or size %,d records in %.2f s  %,.0f records/s (%.2f of (a) through); all %,d records in manifests %.2f s"
                        + " (idle-closed tail included); %.2f µs CPU/record; load average %.1f",
                windowing.committedSeconds(), row.windowingRate(), row.windowingRate() / row.cutRate(), windowing.beforeTailRecords(),
                windowing.beforeTailSeconds(), row.windowingManifestRate(), row.windowingManifestRate() / row.cutThroughRate(),
                windowing.records(), windowing.windowSeconds(), 1e6 * windowing.cpuSeconds() / windowing.records(), loadAverage());
        line("", "startup to RUNNING %.2f s (not counted); %d manifests %s", windowing.startupSeconds(), windowing.manifests(),
                windowing.manifestsByReason());
        line("", "(c) written / input byte: changelogs %s (%.2f) + batches %s (%.2f) = %.2f (target <= 3)",
                megabytes(changelogs), ratio(changelogs, inputBytes), megabytes(batches), ratio(batches, inputBytes),
                ratio(changelogs + batches, inputBytes));
    }

    private static void summary(List<Row> rows) {
        System.out.println();
        System.out.println("| partitions | instances | cut rec/s | streams-app rec/s | ratio | cut through rec/s | streams-app manifest rec/s"
                + " | ratio | cut µs CPU/rec | streams-app µs CPU/rec |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Row row : rows) {
            System.out.printf(Locale.ROOT, "| %d | %d | %,.0f | %,.0f | %.2f | %,.0f | %,.0f | %.2f | %.2f | %.2f |%n", row.partitions(),
                    row.instances(), row.cutRate(), row.windowingRate(), row.windowingRate() / row.cutRate(), row.cutThroughRate(),
                    row.windowingManifestRate(), row.windowingManifestRate() / row.cutThroughRate(),
                    1e6 * row.cut().cpuSeconds() / row.records(), 1e6 * row.windowing().cpuSeconds() / row.windowing().records());
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void line(String label, String format, Object... values) {
        System.out.printf(Locale.ROOT, "%-32s %s%n", label, String.format(Locale.ROOT, format, values));
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static double ratio(long bytes, long inputBytes) {
        return (double) bytes / inputBytes;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
