package io.streamtrain.bench.scoring;

import io.streamtrain.bench.kafka.TopicOffsets;
import io.streamtrain.bench.training.MachineLoad;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.RuntimeVersions;
import io.streamtrain.scorer.ScorerService;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * Measures how long a newly published model takes to reach the predictions: with a {@code ScorerService} running
 * (exactly-once, JSON predictions) and a steady trickle of single-customer requests (default 200 a second), it
 * publishes a new model version to the models topic, once a second, and times from the publish being acknowledged
 * to the first prediction naming the new version arriving at a downstream {@code read_committed} consumer. It also
 * notes when the scorer installed each version, which splits the latency into the model's way into the scorer
 * (follow, verify, deserialize) and the first transaction scored with it. The first {@value #WARM_UP_SWAPS} swaps
 * warm up and are not counted.
 *
 * <p>Run with {@code mvn -B -q -Pswap-benchmark -pl bench -am package -DskipTests}. Arguments (through
 * {@code -Dbench.swap.args="..."}): an optional number of swaps (default {@value #DEFAULT_SWAPS}) and requests per
 * second (default {@value #DEFAULT_RATE}), then any {@code key=value} setting for the scorer.
 */
public final class SwapLatencyBenchmark {

    private static final int DEFAULT_SWAPS = 20;
    private static final int DEFAULT_RATE = 200;
    private static final int WARM_UP_SWAPS = 3;
    private static final Duration GAP = Duration.ofSeconds(1);
    private static final Duration SWAP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private SwapLatencyBenchmark() {
    }

    /**
     * One measured swap, in milliseconds: publish to ack, and from the ack until the scorer installed the version
     * and until the first prediction naming it arrived.
     */
    private record Swap(long version, double ackMillis, double installedMillis, double firstPredictionMillis) {
    }

    /** The measured swaps, the requests the broker answered while they ran, and how busy other processes kept the machine. */
    private record Swaps(List<Swap> swaps, BrokerRequestTimes broker, double seconds, double otherProcessesShare) {
    }

    public static void main(String[] args) throws Exception {
        BenchArguments arguments = BenchArguments.parse(args);
        int swaps = arguments.number(0, DEFAULT_SWAPS);
        int rate = arguments.number(1, DEFAULT_RATE);
        Map<String, String> settings = arguments.settings();

        Swaps measured;
        try (ScoringCluster cluster = ScoringCluster.start()) {
            BenchPipeline pipeline = BenchPipeline.create("bench-swap", cluster.bootstrapServers(), settings, cluster.admin());
            List<ModelEnvelope> envelopes = new ArrayList<>();
            for (long version = 1; version <= 1 + WARM_UP_SWAPS + swaps; version++) {
                envelopes.add(pipeline.train(version, version));
            }
            pipeline.publish(cluster.models(), envelopes.getFirst());
            measured = swapAll(pipeline, cluster.bootstrapServers(), cluster.admin(), cluster.models(), envelopes, rate);
        }
        print(measured, rate, settings);
    }

    private static Swaps swapAll(BenchPipeline pipeline, String bootstrapServers, Admin admin,
                                 KafkaProducer<byte[], byte[]> models, List<ModelEnvelope> envelopes, int rate) throws Exception {
        String predictions = pipeline.pipeline().topics().predictions();
        try (ScorerService scorer = new ScorerService(pipeline.scorer(), Clock.systemUTC())) {
            scorer.start(START_TIMEOUT);
            try (VersionWatcher watcher = VersionWatcher.start(bootstrapServers, TopicOffsets.partitions(admin, predictions));
                 InstalledVersions installed = InstalledVersions.watch(scorer.currentModel());
                 RequestTrickle trickle = RequestTrickle.start(bootstrapServers, pipeline.pipeline().topics().scoreRequests(), rate)) {
                await(watcher::firstSeenNanos, 1);
                List<ModelEnvelope> newer = envelopes.subList(1, envelopes.size());
                for (ModelEnvelope envelope : newer.subList(0, WARM_UP_SWAPS)) {
                    swap(pipeline, models, envelope, watcher, installed);
                }
                BrokerRequestTimes brokerBefore = BrokerRequestTimes.now();
                MachineLoad machineBefore = MachineLoad.now();
                long measuring = System.nanoTime();
                List<Swap> measured = new ArrayList<>();
                for (ModelEnvelope envelope : newer.subList(WARM_UP_SWAPS, newer.size())) {
                    measured.add(swap(pipeline, models, envelope, watcher, installed));
                }
                return new Swaps(measured, BrokerRequestTimes.now().since(brokerBefore), (System.nanoTime() - measuring) / 1e9,
                        MachineLoad.now().otherProcessesShareSince(machineBefore));
            }
        }
    }

    /** After a pause, publishes {@code envelope} and waits for its first prediction. */
    private static Swap swap(BenchPipeline pipeline, KafkaProducer<byte[], byte[]> models, ModelEnvelope envelope,
                             VersionWatcher watcher, InstalledVersions installed) throws InterruptedException {
        Thread.sleep(GAP.toMillis());
        long sent = System.nanoTime();
        pipeline.publish(models, envelope);
        long acked = System.nanoTime();
        long version = envelope.getVersion();
        long seen = await(watcher::firstSeenNanos, version);
        long install = installed.firstSeenNanos(version).orElseThrow();
        return new Swap(version, millis(acked - sent), millis(install - acked), millis(seen - acked));
    }

    /** Waits until {@code firstSeen} knows {@code version}, and returns when it was seen. */
    private static long await(LongFunction<OptionalLong> firstSeen, long version) throws InterruptedException {
        long deadline = System.nanoTime() + SWAP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            OptionalLong seen = firstSeen.apply(version);
            if (seen.isPresent()) {
                return seen.getAsLong();
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("no prediction of model version " + version + " within " + SWAP_TIMEOUT);
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static void print(Swaps run, int rate, Map<String, String> settings) {
        List<Swap> swaps = run.swaps();
        System.out.printf(Locale.ROOT, "%nModel swap latency, one embedded broker (%s; JDK %s, %d cores, max heap %d MB, Kafka %s, Smile %s)%n",
                LocalDate.now(), Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, AppInfoParser.getVersion(), RuntimeVersions.smile());
        System.out.printf(Locale.ROOT, "Scorer settings: %s; %d single-customer requests/s; one new version every %d ms; %d warm-up swaps not counted%n",
                settings.isEmpty() ? "defaults" : "defaults and " + settings, rate, GAP.toMillis(), WARM_UP_SWAPS);
        System.out.printf(Locale.ROOT, "Other processes used %.0f%% of the machine's CPU during the measured swaps%n%n", 100 * run.otherProcessesShare());
        System.out.println("| version | publish to ack ms | ack to installed ms | ack to first prediction ms |");
        System.out.println("|---:|---:|---:|---:|");
        for (Swap swap : swaps) {
            System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %.1f |%n", swap.version(), swap.ackMillis(), swap.installedMillis(), swap.firstPredictionMillis());
        }
        System.out.printf(Locale.ROOT, "%n%d swaps (nearest-rank percentiles):%n%n", swaps.size());
        System.out.println("| from the ack to | median ms | p90 ms | max ms |");
        System.out.println("|---|---:|---:|---:|");
        printSummary("scorer installed the version", swaps, Swap::installedMillis);
        printSummary("first prediction naming it", swaps, Swap::firstPredictionMillis);
        BrokerRequestTimes broker = run.broker();
        System.out.printf(Locale.ROOT, "%nMeanwhile the scorer committed %,d transactions (%.0f a second); error responses: Produce %s, TxnOffsetCommit %s, EndTxn %s%n",
                broker.count("EndTxn"), broker.count("EndTxn") / run.seconds(), broker.errors("Produce"),
                broker.errors("TxnOffsetCommit"), broker.errors("EndTxn"));
    }

    private static void printSummary(String label, List<Swap> swaps, ToDoubleFunction<Swap> metric) {
        double[] sorted = swaps.stream().mapToDouble(metric).sorted().toArray();
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", label, percentile(sorted, 50), percentile(sorted, 90), sorted[sorted.length - 1]);
    }

    /** The nearest-rank percentile of sorted values. */
    private static double percentile(double[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
