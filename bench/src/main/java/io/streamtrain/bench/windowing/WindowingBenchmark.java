package io.streamtrain.bench.windowing;

import io.streamtrain.broker.EmbeddedBrokerSettings;
import io.streamtrain.broker.EmbeddedKafkaBroker;
import io.streamtrain.broker.TopicProvisioner;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.streams.StreamsAppConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * Measures the streams-app's windowing against a plain consumer, on one embedded broker in one run:
 * <ol>
 *   <li>produces N demo records (default 500,000; half Avro, half JSON) to an input topic of {@code input.partitions}
 *       partitions (default 3; set it among the settings below to measure another count);</li>
 *   <li>(a) times a plain {@code KafkaConsumer} reading the input from the beginning;</li>
 *   <li>(b) times the streams-app, started fresh, from RUNNING until every record is in a committed batch,
 *       once per exactly-once commit interval given (default 100 ms, Kafka's default, and 1000 ms), each as
 *       its own pipeline reading the same input;</li>
 *   <li>(c) measures the bytes each streams-app run wrote to the state changelogs and the batches topic (and,
 *       separately, the repartition topic) per byte of input on the broker's disk;</li>
 *   <li>(d) for scale, times validation alone on one thread without Kafka (the CPU floor per record), and the
 *       streams-app's own topology cut after validation and after the repartition (what each stage costs).</li>
 * </ol>
 * Run with {@code mvn -B -q -Pwindowing-benchmark -pl bench -am package -DskipTests}; pass arguments with
 * {@code -Dbench.windowing.args="<records> <commit intervals in ms, comma-separated> [key=value,...]"}, the last
 * being pipeline or streams-app settings for every streams-app run, for example {@code kafka.max.poll.records=5000}.
 */
public final class WindowingBenchmark {

    private static final int DEFAULT_RECORDS = 500_000;
    private static final String DEFAULT_COMMIT_INTERVALS = "100,1000";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    private WindowingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : DEFAULT_RECORDS;
        List<Long> commitIntervals = Arrays.stream((args.length > 1 ? args[1] : DEFAULT_COMMIT_INTERVALS).split(","))
                .map(String::trim).map(Long::parseLong).toList();
        Map<String, String> overrides = args.length > 2 ? settings(args[2]) : Map.of();
        Path stateDir = Files.createTempDirectory("streamtrain-bench-state");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.defaults());
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, 1, Duration.ofMinutes(1));
            PipelineConfig input = pipeline("bench", broker.bootstrapServers(), stateDir, commitIntervals.getFirst(), "bench.records", overrides);
            provisioner.ensureTopics(input.topics().specs(input.inputPartitions()));
            String inputTopic = input.topics().records();

            BenchmarkInput.Produced produced = BenchmarkInput.produce(broker.bootstrapServers(), inputTopic, records);
            long inputBytes = TopicSizes.of(admin).bytes(inputTopic::equals);
            line("environment", "%d cores, Java %s, max heap %d MB, load average %.1f", Runtime.getRuntime().availableProcessors(),
                    Runtime.version(), Runtime.getRuntime().maxMemory() >> 20, loadAverage());
            line("input", "%,d records (half Avro, half JSON, %,d value bytes), %d partitions, %s on disk; produced in %.1f s",
                    produced.records(), produced.valueBytes(), input.inputPartitions(), megabytes(inputBytes), produced.seconds());
            line("windowing", "window.size.ms=%d, window.max.records=%d, batch.chunk.max.bytes=%d, exactly_once_v2",
                    input.windowSize().toMillis(), input.windowMaxRecords(), input.batchChunkMaxBytes());

            double consumerSeconds = PlainConsumerRun.seconds(broker.bootstrapServers(), inputTopic, records, RUN_TIMEOUT);
            double consumerRate = records / consumerSeconds;
            line("(a) plain consumer", "%.2f s  %,.0f records/s", consumerSeconds, consumerRate);

            for (long commitInterval : commitIntervals) {
                PipelineConfig pipeline = pipeline("bench-commit-" + commitInterval, broker.bootstrapServers(), stateDir, commitInterval, inputTopic, overrides);
                provisioner.ensureTopics(pipeline.topics().specs(pipeline.inputPartitions()));
                TopicSizes before = TopicSizes.of(admin);
                StreamsAppRun.Result windowing = StreamsAppRun.run(pipeline, records, RUN_TIMEOUT);
                TopicSizes written = TopicSizes.of(admin).since(before);
                reportStreamsRun(pipeline, commitInterval, windowing, consumerRate, written, inputBytes);
            }
            double validationRate = ValidationOnlyRun.recordsPerSecond(input, BenchmarkInput.values(records));
            line("(d) validation alone", "%,.0f records/s on one thread, no Kafka (decode, check, clean, encode)", validationRate);
            for (TopologyPrefixRun.Prefix prefix : TopologyPrefixRun.Prefix.values()) {
                long commitInterval = commitIntervals.getLast();
                PipelineConfig pipeline = pipeline("bench-prefix-" + prefix.ordinal(), broker.bootstrapServers(), stateDir, commitInterval, inputTopic, overrides);
                double seconds = TopologyPrefixRun.seconds(pipeline, prefix, records, RUN_TIMEOUT);
                line("    streams-app cut after " + prefix.name().toLowerCase(Locale.ROOT).replace('_', ' '), "%.2f s  %,.0f records/s  (commit %d ms)",
                        seconds, records / seconds, commitInterval);
            }
        } finally {
            deleteRecursively(stateDir);
        }
    }

    private static PipelineConfig pipeline(String name, String bootstrapServers, Path stateDir, long commitIntervalMs, String inputTopic,
                                           Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Map.of(
                PipelineConfig.PIPELINE_NAME_CONFIG, name,
                PipelineConfig.TOPICS_PREFIX + "records", inputTopic,
                // Close the last, open window soon after the input ends; that wait is part of the measured time.
                PipelineConfig.WINDOW_IDLE_CLOSE_MS_CONFIG, "1000",
                StreamsAppConfig.IDLE_CHECK_INTERVAL_MS_CONFIG, "100",
                StreamsAppConfig.COMMIT_INTERVAL_MS_CONFIG, String.valueOf(commitIntervalMs),
                StreamsAppConfig.STATE_DIR_CONFIG, stateDir.toString(),
                "kafka.bootstrap.servers", bootstrapServers));
        settings.putAll(overrides);
        return new PipelineConfig(settings);
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

    private static void reportStreamsRun(PipelineConfig pipeline, long commitInterval, StreamsAppRun.Result windowing,
                                         double consumerRate, TopicSizes written, long inputBytes) {
        String app = new StreamsAppConfig(pipeline).applicationId();
        long changelogs = written.bytes(topic -> topic.startsWith(app + "-") && topic.endsWith("-changelog"));
        long recordsChangelog = written.bytes(topic -> topic.startsWith(app + "-") && topic.endsWith("-window-records-changelog"));
        long batches = written.bytes(pipeline.topics().batches()::equals);
        long repartition = written.bytes(topic -> topic.startsWith(app + "-") && topic.endsWith("-repartition"));
        double rate = windowing.records() / windowing.windowSeconds();
        double beforeTailRate = windowing.beforeTailRecords() / windowing.beforeTailSeconds();
        line("(b) streams-app, commit " + commitInterval + " ms", "%.2f s  %,.0f records/s  ratio to (a) %.2f (target >= 0.5); load average %.1f",
                windowing.windowSeconds(), rate, rate / consumerRate, loadAverage());
        line("", "without the idle-closed tail: %,d records in %.2f s  %,.0f records/s  ratio %.2f",
                windowing.beforeTailRecords(), windowing.beforeTailSeconds(), beforeTailRate, beforeTailRate / consumerRate);
        line("", "startup to RUNNING %.2f s (not counted); %d batches %s", windowing.startupSeconds(), windowing.batches(), windowing.windowsByReason());
        line("(c) written / input byte", "changelogs %s (%.2f) + batches %s (%.2f) = %.2f (target <= 3)",
                megabytes(changelogs), ratio(changelogs, inputBytes), megabytes(batches), ratio(batches, inputBytes),
                ratio(changelogs + batches, inputBytes));
        line("", "changelogs: records store %s, metadata store %s", megabytes(recordsChangelog), megabytes(changelogs - recordsChangelog));
        line("", "not in (c): repartition %s (%.2f)", megabytes(repartition), ratio(repartition, inputBytes));
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
