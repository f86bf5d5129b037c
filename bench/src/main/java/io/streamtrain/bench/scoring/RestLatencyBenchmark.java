package io.streamtrain.bench.scoring;

import io.streamtrain.bench.training.MachineLoad;
import io.streamtrain.ml.model.RuntimeVersions;
import io.streamtrain.scorer.ScorerConfig;
import io.streamtrain.scorer.ScorerService;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * REST latency of {@code POST /v1/pipelines/{pipeline}/predict} at a fixed request rate: a {@code ScorerService}
 * (defaults, REST API on a free loopback port) serves a demo logistic-regression model, and {@link OpenLoopLoad}
 * sends single-customer JSON requests (the demo schema, about 200 bytes) at the rate, from the same JVM over
 * loopback, measuring each latency from the request's due time (no coordinated omission). A warm-up period at the
 * same rate comes first and is not counted.
 *
 * <p>Run with {@code mvn -B -q -Prest-latency-benchmark -pl bench -am package -DskipTests}. Arguments (through
 * {@code -Dbench.rest.args="..."}): requests per second (default {@value #DEFAULT_RATE}), measured seconds (default
 * {@value #DEFAULT_SECONDS}), then any {@code key=value} setting for the scorer.
 */
public final class RestLatencyBenchmark {

    private static final int DEFAULT_RATE = 1000;
    private static final int DEFAULT_SECONDS = 30;
    private static final Duration WARM_UP = Duration.ofSeconds(15);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int DISTINCT_BODIES = 1000;

    private RestLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArguments arguments = BenchArguments.parse(args);
        int rate = arguments.number(0, DEFAULT_RATE);
        int seconds = arguments.number(1, DEFAULT_SECONDS);
        Map<String, String> settings = arguments.settings();
        settings.putIfAbsent(ScorerConfig.HTTP_PORT_CONFIG, "0");
        try (ScoringCluster cluster = ScoringCluster.start()) {
            BenchPipeline pipeline = BenchPipeline.create("bench-rest", cluster.bootstrapServers(), settings, cluster.admin());
            pipeline.publish(cluster.models(), pipeline.train(1, 7));
            Measured measured = measure(pipeline, rate, Duration.ofSeconds(seconds));
            print(settings, rate, measured.run(), measured.otherProcessesShare());
        }
    }

    /**
     * What one scorer's REST API measured at a fixed rate.
     *
     * @param otherProcessesShare share of the machine's CPU that other processes used during the measured period
     */
    record Measured(OpenLoopLoad.Run run, double otherProcessesShare) {
    }

    /**
     * Starts a {@code ScorerService} of {@code pipeline} (whose REST API must be on, port 0 for a free one) on the model
     * its models topic holds, sends single-customer requests at {@code rate} for the warm-up, then measures {@code period}.
     */
    static Measured measure(BenchPipeline pipeline, int rate, Duration period) throws Exception {
        try (ScorerService scorer = new ScorerService(pipeline.scorer(), Clock.systemUTC());
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            scorer.start(START_TIMEOUT);
            int port = scorer.httpPort().orElseThrow(() -> new IllegalStateException("the scorer's REST API is off"));
            URI uri = URI.create("http://127.0.0.1:" + port + "/v1/pipelines/" + pipeline.name() + "/predict");
            List<byte[]> bodies = bodies();
            OpenLoopLoad.post(client, uri, bodies, rate, WARM_UP);
            MachineLoad before = MachineLoad.now();
            OpenLoopLoad.Run run = OpenLoopLoad.post(client, uri, bodies, rate, period);
            return new Measured(run, MachineLoad.now().otherProcessesShareSince(before));
        }
    }

    private static List<byte[]> bodies() {
        ScoreRequests requests = new ScoreRequests(1, 17);
        List<byte[]> bodies = new ArrayList<>(DISTINCT_BODIES);
        for (int i = 0; i < DISTINCT_BODIES; i++) {
            bodies.add(requests.nextValue());
        }
        return bodies;
    }

    private static void print(Map<String, String> settings, int rate, OpenLoopLoad.Run run, double others) {
        System.out.printf(Locale.ROOT, "%nREST predict latency, open loop at %,d requests/s over loopback (JDK %s, %d cores, Smile %s)%n",
                rate, Runtime.version(), Runtime.getRuntime().availableProcessors(), RuntimeVersions.smile());
        System.out.printf(Locale.ROOT, "Scorer settings: %s; warm-up %d s; other processes used %.0f%% of the machine during the measured run%n%n",
                settings, WARM_UP.toSeconds(), 100 * others);
        System.out.println("| requests | errors | achieved requests/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | generator's worst send lag ms |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        System.out.printf(Locale.ROOT, "| %,d | %d | %,.0f | %.2f | %.2f | **%.2f** | %.2f | %.2f | %.2f |%n",
                run.latencyNanos().length, run.errors(), run.latencyNanos().length / run.seconds(),
                run.percentileMillis(50), run.percentileMillis(90), run.percentileMillis(99), run.percentileMillis(99.9),
                run.percentileMillis(100), run.maxSendLagNanos() / 1e6);
    }
}
